/**
 * Auto-configuration of Undertide for reactive web applications.
 */
@NullMarked
package dev.undertide.boot.autoconfigure.reactive;

import org.jspecify.annotations.NullMarked;
