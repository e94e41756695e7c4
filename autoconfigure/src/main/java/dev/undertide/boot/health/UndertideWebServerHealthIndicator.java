package dev.undertide.boot.health;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.undertide.boot.UndertideWebServer;
import dev.undertide.server.ServerStatistics;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;

/**
 * Reports the Undertide web server of an application context: {@code UP} while it accepts connections,
 * {@code OUT_OF_SERVICE} once a graceful shutdown started, {@code DOWN} when stopped, with what it is
 * doing as details. {@code UNKNOWN} when the application runs on another server.
 */
public class UndertideWebServerHealthIndicator implements HealthIndicator {

	private final ApplicationContext context;

	public UndertideWebServerHealthIndicator(ApplicationContext context) {
		this.context = context;
	}

	@Override
	public Health health() {
		UndertideWebServer webServer = UndertideWebServer.of(this.context);
		if (webServer == null) {
			return Health.unknown().withDetail("reason", "the application does not run on Undertide").build();
		}
		ServerStatistics statistics = webServer.getServer().getStatistics();
		Health.Builder health = switch (statistics.state()) {
			case ACCEPTING -> Health.up();
			case DRAINING -> Health.outOfService();
			case STOPPED -> Health.down();
		};
		ServerStatistics.Connections connections = statistics.connections();
		ServerStatistics.Requests requests = statistics.requests();
		ServerStatistics.Workers workers = statistics.workers();
		return health
			.withDetail("connections", ordered("active", connections.active(), "accepted", connections.accepted()))
			.withDetail("requests",
					ordered("active", requests.active(), "queued", requests.queued(), "rejected", requests.rejected()))
			.withDetail("workerThreads",
					ordered("busy", workers.busy(), "size", workers.poolSize(), "max", workers.maxThreads(),
							"queuedTasks", workers.queuedTasks()))
			.withDetail("ioThreads", workers.ioThreads())
			.withDetail("saturation", Math.round(statistics.saturation() * 100) / 100.0)
			.build();
	}

	/** Details in the order they are given, so the JSON reads the same every time. */
	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> details = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			details.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return details;
	}

}
