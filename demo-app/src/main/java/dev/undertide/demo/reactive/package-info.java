/**
 * Endpoints of the demo written against the reactive stack.
 */
@NullMarked
package dev.undertide.demo.reactive;

import org.jspecify.annotations.NullMarked;
