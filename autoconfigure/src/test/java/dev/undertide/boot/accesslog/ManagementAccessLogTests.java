package dev.undertide.boot.accesslog;

import java.nio.file.Path;

import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static dev.undertide.boot.support.RunningApplications.port;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code management.server.undertow.accesslog.prefix}: with the actuator on its own port, the management
 * server logs to a file of its own, named by the prefix before the application's file name.
 */
class ManagementAccessLogTests {

	@TempDir
	Path temp;

	@Test
	void managementRequestsGoToManagementPrefixedFileByDefault() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp,
				"management.server.port=0")) {
			assertEachServerLogsToItsOwnFile(context, "management_access_log.log");
		}
	}

	@Test
	void managementPrefixIsConfigurable() throws Exception {
		try (ConfigurableApplicationContext context = AccessLogApplication.start(this.temp,
				"management.server.port=0", "management.server.undertow.accesslog.prefix=actuator-")) {
			assertEachServerLogsToItsOwnFile(context, "actuator-access_log.log");
		}
	}

	private void assertEachServerLogsToItsOwnFile(ConfigurableApplicationContext context, String managementFile)
			throws Exception {
		int managementPort = context.getEnvironment().getRequiredProperty("local.management.port", Integer.class);
		assertThat(Http.get(port(context), "/hello").statusCode()).isEqualTo(200);
		assertThat(Http.get(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
		assertThat(AccessLogLines.await(this.temp.resolve("access_log.log"), 1)).singleElement()
			.asString()
			.contains("\"GET /hello HTTP/1.1\" 200");
		assertThat(AccessLogLines.await(this.temp.resolve(managementFile), 1)).singleElement()
			.asString()
			.contains("\"GET /actuator/health HTTP/1.1\" 200");
	}

}
