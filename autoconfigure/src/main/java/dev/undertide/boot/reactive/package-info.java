/**
 * The reactive web server factory: Spring WebFlux on undertow-core, with no servlet in the path.
 */
@NullMarked
package dev.undertide.boot.reactive;

import org.jspecify.annotations.NullMarked;
