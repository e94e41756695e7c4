/**
 * Configuration properties under {@code server.undertow} and the customizer that applies them.
 */
@NullMarked
package dev.undertide.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
