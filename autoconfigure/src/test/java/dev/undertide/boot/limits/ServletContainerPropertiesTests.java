package dev.undertide.boot.limits;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import dev.undertide.boot.it.support.Http;
import dev.undertide.boot.support.RunningApplications;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet container's settings: {@code server.undertow.buffering.response-buffer},
 * {@code eager-filter-init} and {@code preserve-path-on-forward}, the last two with Spring Boot 3.5's
 * meanings.
 */
class ServletContainerPropertiesTests {

	@Test
	void bodyThatFitsTheResponseBufferGetsAContentLength() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.buffering.response-buffer=4KB")) {
			HttpResponse<String> response = Http.get(port(context), "/bytes?count=4000");
			assertThat(response.headers().firstValue("Content-Length")).hasValue("4000");
			assertThat(response.headers().firstValue("Transfer-Encoding")).isEmpty();
		}
	}

	/** 16 KiB by default, as undertow's own servlet layer had on most heaps: 16,000 bytes fit, 17,000 do not. */
	@Test
	void responseBufferHolds16KiBByDefault() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			HttpResponse<String> fits = Http.get(port(context), "/bytes?count=16000");
			assertThat(fits.headers().firstValue("Content-Length")).hasValue("16000");
			HttpResponse<String> larger = Http.get(port(context), "/bytes?count=17000");
			assertThat(larger.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
			assertThat(larger.body()).hasSize(17000);
		}
	}

	/** On a kept-alive connection: one that closes after the response needs no chunks. */
	@Test
	void bodyLargerThanTheResponseBufferIsSentChunked() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.buffering.response-buffer=1KB")) {
			HttpResponse<String> response = Http.get(port(context), "/bytes?count=4000");
			assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
			assertThat(response.headers().firstValue("Content-Length")).isEmpty();
			assertThat(response.body()).hasSize(4000);
		}
	}

	@Test
	void filtersAreInitialisedAtStartUpByDefault() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(ContainerApplication.filterInits).hasValue(1);
		}
	}

	@Test
	void withoutEagerInitAFilterIsInitialisedBeforeItsFirstRequestOnly() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.eager-filter-init=false")) {
			assertThat(ContainerApplication.filterInits).hasValue(0);
			assertThat(Http.get(port(context), "/bytes?count=1").statusCode()).isEqualTo(200);
			assertThat(Http.get(port(context), "/bytes?count=1").statusCode()).isEqualTo(200);
			assertThat(ContainerApplication.filterInits).hasValue(1);
		}
	}

	@Test
	void forwardedRequestReportsTheTargetPathByDefault() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(Http.get(port(context), "/forward").body()).isEqualTo("uri=/target servletPath=/target");
		}
	}

	@Test
	void forwardedRequestKeepsTheOriginalPathWhenPreserved() throws Exception {
		try (ConfigurableApplicationContext context = start("server.undertow.preserve-path-on-forward=true")) {
			assertThat(Http.get(port(context), "/forward").body()).isEqualTo("uri=/forward servletPath=/forward");
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		ContainerApplication.filterInits.set(0);
		return RunningApplications.start(ContainerApplication.class, properties);
	}

	/**
	 * {@code /bytes?count=N} writes N bytes; {@code /forward} forwards to {@code /target}, which reports the
	 * paths it sees; a filter counts its initialisations.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ContainerApplication {

		static final AtomicInteger filterInits = new AtomicInteger();

		@Bean
		ServletRegistrationBean<HttpServlet> bytes() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getOutputStream().write(new byte[Integer.parseInt(request.getParameter("count"))]);
				}
			}, "/bytes");
		}

		@Bean
		ServletRegistrationBean<HttpServlet> forward() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response)
						throws ServletException, IOException {
					request.getRequestDispatcher("/target").forward(request, response);
				}
			}, "/forward");
		}

		@Bean
		ServletRegistrationBean<HttpServlet> target() {
			return new ServletRegistrationBean<>(new HttpServlet() {
				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
					response.getWriter()
						.print("uri=" + request.getRequestURI() + " servletPath=" + request.getServletPath());
				}
			}, "/target");
		}

		@Bean
		FilterRegistrationBean<Filter> countingFilter() {
			return new FilterRegistrationBean<>(new Filter() {
				@Override
				public void init(FilterConfig config) {
					filterInits.incrementAndGet();
				}

				@Override
				public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
						throws IOException, ServletException {
					chain.doFilter(request, response);
				}
			});
		}

	}

}
