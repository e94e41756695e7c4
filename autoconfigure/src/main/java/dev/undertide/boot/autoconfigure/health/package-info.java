/**
 * Auto-configuration of the web server's health indicator and of readiness that follows saturation.
 */
@NullMarked
package dev.undertide.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
