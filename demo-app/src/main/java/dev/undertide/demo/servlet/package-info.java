/**
 * Endpoints of the demo written against the servlet stack.
 */
@NullMarked
package dev.undertide.demo.servlet;

import org.jspecify.annotations.NullMarked;
