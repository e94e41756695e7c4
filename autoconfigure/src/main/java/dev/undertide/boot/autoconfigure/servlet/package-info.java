/**
 * Auto-configuration of Undertide for servlet web applications.
 */
@NullMarked
package dev.undertide.boot.autoconfigure.servlet;

import org.jspecify.annotations.NullMarked;
