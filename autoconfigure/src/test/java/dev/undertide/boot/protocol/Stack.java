package dev.undertide.boot.protocol;

import java.util.stream.Stream;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.boot.protocol.app.ProtocolApplication;
import dev.undertide.boot.support.RunningApplications;
import dev.undertide.server.ServerStatistics;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The two web stacks the protocol tests run against: {@link ProtocolApplication} as a Spring MVC
 * application on Undertide's servlet container, and as a WebFlux application on its reactive adapter. Each
 * is started on first use and then shared by every protocol test class, until the JVM exits.
 */
enum Stack {

	MVC("servlet"), WEBFLUX("reactive");

	private final String applicationType;

	private ConfigurableApplicationContext context;

	Stack(String applicationType) {
		this.applicationType = applicationType;
	}

	synchronized ConfigurableApplicationContext context() {
		if (this.context == null) {
			this.context = start();
		}
		return this.context;
	}

	/** Starts another instance on this stack, with {@code properties}; the caller closes it. */
	ConfigurableApplicationContext start(String... properties) {
		return RunningApplications.start(ProtocolApplication.class,
				Stream.concat(Stream.of("spring.main.web-application-type=" + this.applicationType), Stream.of(properties))
					.toArray(String[]::new));
	}

	int port() {
		return RunningApplications.port(context());
	}

	ServerStatistics statistics() {
		return UndertideWebServer.of(context()).getServer().getStatistics();
	}

}
