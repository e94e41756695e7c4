package dev.undertide.boot.it;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.undertide.boot.it.app.minimal.MinimalWebApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class PortInUseTests {

	@Test
	void startingOnAPortInUseFailsWithPortInUseExceptionNamingThePort() throws Exception {
		try (ServerSocket taken = new ServerSocket()) {
			taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
			int port = taken.getLocalPort();
			Throwable failure = catchThrowable(() -> {
				try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MinimalWebApplication.class)
					.properties("server.port=" + port, "spring.main.banner-mode=off")
					.run()) {
					// Reaching here means the application started on a port that is taken.
				}
			});
			assertThat(failure).as("start-up failure").isNotNull();
			PortInUseException portInUse = causeOfType(failure, PortInUseException.class);
			assertThat(portInUse).as("PortInUseException in the cause chain of %s", failure).isNotNull();
			assertThat(portInUse.getPort()).isEqualTo(port);
			assertThat(portInUse.getMessage()).contains(String.valueOf(port));
		}
	}

	private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

}
