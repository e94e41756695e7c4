package dev.undertide.servlet;

import io.undertow.server.HttpHandler;
import jakarta.servlet.ServletContext;

/**
 * A deployed servlet context and the undertow {@link HttpHandler} that serves it. {@link #undeploy()}
 * destroys servlets, filters and sessions and notifies context listeners; it runs once.
 */
public final class ServletContainer {

	private final UndertideServletContext context;

	private final HttpHandler handler;

	ServletContainer(UndertideServletContext context, HttpHandler handler) {
		this.context = context;
		this.handler = handler;
	}

	public ServletContext getServletContext() {
		return this.context;
	}

	/** The handler that runs requests under the context path through filters and servlets. */
	public HttpHandler getHandler() {
		return this.handler;
	}

	public String getContextPath() {
		return this.context.getContextPath();
	}

	public void undeploy() {
		this.context.stop();
	}

}
