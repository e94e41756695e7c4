package dev.undertide.servlet;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * One pass through the filters of a dispatch and then the target servlet. Used once, by one thread at a
 * time.
 */
final class ServletFilterChain implements FilterChain {

	private final ManagedFilter[] filters;

	private final ManagedServlet servlet;

	private int position;

	ServletFilterChain(ManagedFilter[] filters, ManagedServlet servlet) {
		this.filters = filters;
		this.servlet = servlet;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
		if (this.position < this.filters.length) {
			this.filters[this.position++].filter().doFilter(request, response, this);
		}
		else {
			this.servlet.servlet().service(request, response);
		}
	}

	/** Whether every filter in the chain and the servlet support async processing. */
	boolean isAsyncSupported() {
		for (ManagedFilter filter : this.filters) {
			if (!filter.isAsyncSupported()) {
				return false;
			}
		}
		return this.servlet.isAsyncSupported();
	}

}
