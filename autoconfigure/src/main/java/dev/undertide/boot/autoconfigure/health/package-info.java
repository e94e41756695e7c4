/**
 * Auto-configuration of the web server's health indicator.
 */
@NullMarked
package dev.undertide.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
