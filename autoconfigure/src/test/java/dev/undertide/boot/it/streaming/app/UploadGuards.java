package dev.undertide.boot.it.streaming.app;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/** Filters that refuse an upload from its headers alone, never touching its body. */
@Configuration(proxyBeanMethods = false)
public class UploadGuards {

	/** Bodies over this are refused on {@code /upload/limited}. */
	public static final long LIMIT = 1024 * 1024;

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> sizeLimitFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						if (request.getContentLengthLong() > LIMIT) {
							response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
							response.setContentType("text/plain");
							response.getWriter().print("too large");
							return;
						}
						chain.doFilter(request, response);
					}
				});
		registration.addUrlPatterns("/upload/limited");
		return registration;
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> authorizationFilter() {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						if (request.getHeader("Authorization") == null) {
							response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
							response.setHeader("WWW-Authenticate", "Bearer");
							response.setContentType("text/plain");
							response.getWriter().print("who are you");
							return;
						}
						chain.doFilter(request, response);
					}
				});
		registration.addUrlPatterns("/upload/secured");
		return registration;
	}

}
