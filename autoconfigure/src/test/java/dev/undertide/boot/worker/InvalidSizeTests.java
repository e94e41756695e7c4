package dev.undertide.boot.worker;

import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Counts and sizes below what a property allows stop start-up with a message that names the property and
 * its value.
 */
class InvalidSizeTests {

	@ParameterizedTest
	@ValueSource(strings = { "server.undertow.threads.io=0", "server.undertow.threads.worker=-4",
			"server.undertow.buffer-size=-1KB", "server.undertow.max-parameters=0", "server.undertow.max-headers=-1",
			"server.undertow.max-cookies=0" })
	void valueBelowOneFailsStartUpNamingTheProperty(String setting) {
		String property = setting.substring(0, setting.indexOf('='));
		assertThatException().isThrownBy(() -> RunningApplications.start(WorkerTypeTests.ThreadApplication.class, setting).close())
			.withStackTraceContaining("Property '" + property + "' is '")
			.withStackTraceContaining("it must be at least 1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "server.undertow.buffering.request-body=-1KB", "server.undertow.buffering.response-buffer=-1",
			"server.undertow.backpressure.max-pipelined=-2" })
	void negativeValueFailsStartUpNamingTheProperty(String setting) {
		String property = setting.substring(0, setting.indexOf('='));
		assertThatException().isThrownBy(() -> RunningApplications.start(WorkerTypeTests.ThreadApplication.class, setting).close())
			.withStackTraceContaining("Property '" + property + "' is '")
			.withStackTraceContaining("it must not be negative");
	}

}
