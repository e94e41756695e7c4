package dev.undertide.boot.it.streaming.app;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.filter.OncePerRequestFilter;

/** The application of the streaming tests; everything it contains is imported explicitly. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ AsyncController.class, BodyController.class, UploadGuards.class })
public class StreamingTestApplication {

	@Bean
	StreamingProbes streamingProbes() {
		return new StreamingProbes();
	}

	/** Tells the tests when the first dispatch of {@code /async/deferred} is over and the request is held. */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> firstDispatchSignal(StreamingProbes probes) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						try {
							chain.doFilter(request, response);
						}
						finally {
							String id = request.getParameter("id");
							if (id != null) {
								probes.firstDispatchReturned(id).complete(null);
							}
						}
					}
				});
		registration.addUrlPatterns("/async/deferred");
		return registration;
	}

}
