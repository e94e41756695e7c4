/**
 * The servlet (Spring MVC) web server factory.
 */
@NullMarked
package dev.undertide.boot.servlet;

import org.jspecify.annotations.NullMarked;
