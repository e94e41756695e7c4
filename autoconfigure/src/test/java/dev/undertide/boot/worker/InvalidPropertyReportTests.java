package dev.undertide.boot.worker;

import dev.undertide.boot.support.RunningApplications;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad {@code server.undertow.*} value stops start-up with Spring Boot's failure report naming the
 * property, the value, why, and what is allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidPropertyReportTests {

	@Test
	void badWorkerTypeIsReportedWithTheAllowedValues(CapturedOutput output) {
		assertThatException().isThrownBy(() -> RunningApplications
			.start(WorkerTypeTests.ThreadApplication.class, "server.undertow.worker.type=io")
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Undertide cannot start with the property 'server.undertow.worker.type' set to 'io'")
			.contains("Set 'server.undertow.worker.type' to one of: auto, platform, virtual.");
	}

}
