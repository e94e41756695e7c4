package dev.undertide.boot.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CompletableFuture;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a test application, servlet or reactive, on a free port with the given properties, and sends it
 * requests.
 */
public final class RunningApplications {

	/**
	 * Excludes Tomcat's management contexts, which an application on the starter does not have. With Tomcat
	 * and Reactor Netty both on the test classpath, Spring Boot's two reactive ones clash by bean name.
	 */
	public static final String WITHOUT_TOMCAT_MANAGEMENT_CONTEXTS = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatServletManagementContext"
			+ "AutoConfiguration,org.springframework.boot.tomcat.autoconfigure.actuate.web.server."
			+ "TomcatReactiveManagementContextAutoConfiguration";

	private RunningApplications() {
	}

	public static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).properties("server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	public static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	public static CompletableFuture<HttpResponse<String>> send(ConfigurableApplicationContext context, String path) {
		return HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(context) + path)).build(),
					BodyHandlers.ofString());
	}

}
