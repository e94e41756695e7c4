/**
 * Auto-configuration of Undertide's Micrometer meters.
 */
@NullMarked
package dev.undertide.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
