package dev.undertide.servlet;

import dev.undertide.server.RefusalResponder;
import io.undertow.server.HttpHandler;
import jakarta.servlet.ServletContext;

/**
 * A deployed servlet context and the undertow {@link HttpHandler} that serves it. {@link #undeploy()}
 * destroys servlets, filters and sessions and notifies context listeners; it runs once.
 */
public final class ServletContainer {

	private final UndertideServletContext context;

	private final HttpHandler handler;

	private final RefusalResponder refusals;

	ServletContainer(UndertideServletContext context, HttpHandler handler, RefusalResponder refusals) {
		this.context = context;
		this.handler = handler;
		this.refusals = refusals;
	}

	public ServletContext getServletContext() {
		return this.context;
	}

	/** The handler that runs requests under the context path through filters and servlets. */
	public HttpHandler getHandler() {
		return this.handler;
	}

	/**
	 * Answers requests the server refuses before they reach a servlet through the context's error pages, as
	 * errors the application raised would be answered.
	 */
	public RefusalResponder getRefusalResponder() {
		return this.refusals;
	}

	public String getContextPath() {
		return this.context.getContextPath();
	}

	public void undeploy() {
		this.context.stop();
	}

}
