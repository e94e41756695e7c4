package dev.undertide.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What answers a path no application servlet maps: a static resource from the document root or
 * {@code META-INF/resources} when serving them is enabled, otherwise 404 through the error pages.
 */
final class DefaultServlet extends HttpServlet {

	private final boolean serveResources;

	DefaultServlet(boolean serveResources) {
		this.serveResources = serveResources;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = request.getServletPath() + ((request.getPathInfo() != null) ? request.getPathInfo() : "");
		URL resource = (this.serveResources && !path.endsWith("/")) ? getServletContext().getResource(path) : null;
		if (resource == null) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		String mimeType = getServletContext().getMimeType(path);
		response.setContentType((mimeType != null) ? mimeType : "application/octet-stream");
		try (InputStream in = resource.openStream()) {
			in.transferTo(response.getOutputStream());
		}
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.sendError(this.serveResources ? HttpServletResponse.SC_METHOD_NOT_ALLOWED
				: HttpServletResponse.SC_NOT_FOUND);
	}

}
