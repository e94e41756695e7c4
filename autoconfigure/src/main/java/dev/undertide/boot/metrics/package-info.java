/**
 * Micrometer meters of the Undertide web server.
 */
@NullMarked
package dev.undertide.boot.metrics;

import org.jspecify.annotations.NullMarked;
