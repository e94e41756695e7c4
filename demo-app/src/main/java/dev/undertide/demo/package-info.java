/**
 * A demo application that runs on Spring MVC or, with the {@code reactive} profile, on Spring WebFlux.
 */
@NullMarked
package dev.undertide.demo;

import org.jspecify.annotations.NullMarked;
