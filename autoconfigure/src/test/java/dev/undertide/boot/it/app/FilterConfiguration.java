package dev.undertide.boot.it.app;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two plain filters ordered 2 and 1 (declared in the wrong order on purpose) for REQUEST dispatches only,
 * and a {@link OncePerRequestFilter} for REQUEST and ERROR dispatches that also filters error dispatches.
 */
@Configuration(proxyBeanMethods = false)
public class FilterConfiguration {

	@Bean
	InvocationLog invocationLog() {
		return new InvocationLog();
	}

	@Bean
	FilterRegistrationBean<RecordingFilter> secondFilter(InvocationLog log) {
		FilterRegistrationBean<RecordingFilter> registration = new FilterRegistrationBean<>(
				new RecordingFilter("order2", log));
		registration.setName("order2");
		registration.setOrder(2);
		return registration;
	}

	@Bean
	FilterRegistrationBean<RecordingFilter> firstFilter(InvocationLog log) {
		FilterRegistrationBean<RecordingFilter> registration = new FilterRegistrationBean<>(
				new RecordingFilter("order1", log));
		registration.setName("order1");
		registration.setOrder(1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<OnceRecordingFilter> onceFilter(InvocationLog log) {
		FilterRegistrationBean<OnceRecordingFilter> registration = new FilterRegistrationBean<>(
				new OnceRecordingFilter(log));
		registration.setName("once");
		registration.setOrder(3);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
		return registration;
	}

	static final class RecordingFilter implements Filter {

		private final String name;

		private final InvocationLog log;

		RecordingFilter(String name, InvocationLog log) {
			this.name = name;
			this.log = log;
		}

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			this.log.record((HttpServletRequest) request, this.name);
			chain.doFilter(request, response);
		}

	}

	static final class OnceRecordingFilter extends OncePerRequestFilter {

		private final InvocationLog log;

		OnceRecordingFilter(InvocationLog log) {
			this.log = log;
		}

		@Override
		protected boolean shouldNotFilterErrorDispatch() {
			return false;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
				FilterChain filterChain) throws ServletException, IOException {
			this.log.record(request, "once");
			filterChain.doFilter(request, response);
		}

	}

}
