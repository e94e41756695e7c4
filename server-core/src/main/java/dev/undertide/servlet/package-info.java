/**
 * A Servlet 6.1 container on undertow-core: the {@link jakarta.servlet.ServletContext}, registrations,
 * request and response objects, dispatching and error pages. Entry point: {@link ServletDeployment}.
 */
@NullMarked
package dev.undertide.servlet;

import org.jspecify.annotations.NullMarked;
