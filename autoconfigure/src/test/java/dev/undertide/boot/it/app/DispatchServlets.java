package dev.undertide.boot.it.app;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plain servlets that forward and include, registered with {@link ServletRegistrationBean}s.
 */
@Configuration(proxyBeanMethods = false)
public class DispatchServlets {

	@Bean
	ServletRegistrationBean<ForwardingServlet> forwardingServlet() {
		return registration(new ForwardingServlet(), "forwarding", "/dispatch/forward");
	}

	@Bean
	ServletRegistrationBean<TargetServlet> targetServlet() {
		return registration(new TargetServlet(), "target", "/dispatch/target/*");
	}

	@Bean
	ServletRegistrationBean<IncludingServlet> includingServlet() {
		return registration(new IncludingServlet(), "including", "/dispatch/include");
	}

	@Bean
	ServletRegistrationBean<IncludedServlet> includedServlet() {
		return registration(new IncludedServlet(), "included", "/dispatch/included");
	}

	private static <S extends HttpServlet> ServletRegistrationBean<S> registration(S servlet, String name,
			String mapping) {
		ServletRegistrationBean<S> registration = new ServletRegistrationBean<>(servlet, mapping);
		registration.setName(name);
		return registration;
	}

	/** Writes something that the forward must discard, then forwards to the target servlet. */
	static final class ForwardingServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response)
				throws ServletException, IOException {
			response.getWriter().write("written-before-forward");
			request.getRequestDispatcher("/dispatch/target/info?via=forward").forward(request, response);
		}

	}

	/** Describes the request as it sees it, one {@code key=value} a line. */
	static final class TargetServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain;charset=UTF-8");
			PrintWriter writer = response.getWriter();
			writer.println("dispatcherType=" + request.getDispatcherType());
			writer.println("requestUri=" + request.getRequestURI());
			writer.println("servletPath=" + request.getServletPath());
			writer.println("pathInfo=" + request.getPathInfo());
			writer.println("via=" + request.getParameter("via"));
			writer.println("forward.request_uri=" + request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI));
			writer.println("forward.servlet_path=" + request.getAttribute(RequestDispatcher.FORWARD_SERVLET_PATH));
		}

	}

	/** Writes around an include of the included servlet. */
	static final class IncludingServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response)
				throws ServletException, IOException {
			response.setContentType("text/plain;charset=UTF-8");
			PrintWriter writer = response.getWriter();
			writer.write("before|");
			request.getRequestDispatcher("/dispatch/included").include(request, response);
			writer.write("|after");
		}

	}

	/**
	 * Writes what it sees between {@code [} and {@code ]} and tries to change the status, a header and the
	 * content type, all of which an include must ignore.
	 */
	static final class IncludedServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setStatus(418);
			response.setHeader("X-Included", "true");
			response.setContentType("application/x-included");
			response.getWriter()
				.write("[dispatcherType=" + request.getDispatcherType() + ";requestUri=" + request.getRequestURI()
						+ ";servletPath=" + request.getServletPath()
						+ ";include.request_uri=" + request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI)
						+ ";include.servlet_path=" + request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH)
						+ "]");
		}

	}

}
