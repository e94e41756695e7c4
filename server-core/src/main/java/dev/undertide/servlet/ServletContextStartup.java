package dev.undertide.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

/**
 * Code that configures the {@link ServletContext} while it is being deployed, the programmatic
 * counterpart of a {@link jakarta.servlet.ServletContainerInitializer}.
 */
@FunctionalInterface
public interface ServletContextStartup {

	void onStartup(ServletContext servletContext) throws ServletException;

}
