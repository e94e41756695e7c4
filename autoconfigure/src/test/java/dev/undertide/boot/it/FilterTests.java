package dev.undertide.boot.it;

import java.util.List;
import java.util.UUID;

import dev.undertide.boot.it.app.InvocationLog;
import dev.undertide.boot.it.support.Http;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filter order and dispatcher types: filters "order1" and "order2" (REQUEST only, orders 1 and 2) and
 * "once" (a OncePerRequestFilter for REQUEST and ERROR that filters error dispatches too).
 */
@UndertideWebTest
class FilterTests {

	@LocalServerPort
	int port;

	@Autowired
	InvocationLog log;

	@Test
	void filtersRunInRegistrationBeanOrder() {
		String trace = UUID.randomUUID().toString();
		Http.get(this.port, "/api/plain", InvocationLog.TRACE_HEADER, trace);
		assertThat(entries(trace, "order")).containsExactly("order1:REQUEST", "order2:REQUEST");
	}

	@Test
	void oncePerRequestFilterRunsOnceForRequestWithoutError() {
		String trace = UUID.randomUUID().toString();
		Http.get(this.port, "/api/plain", InvocationLog.TRACE_HEADER, trace);
		assertThat(entries(trace, "once")).containsExactly("once:REQUEST");
	}

	@Test
	void oncePerRequestFilterRunsAgainOnErrorDispatchAfterUncaughtException() {
		String trace = UUID.randomUUID().toString();
		Http.get(this.port, "/api/boom", InvocationLog.TRACE_HEADER, trace, "Accept", "application/json");
		assertThat(entries(trace, "once")).containsExactly("once:REQUEST", "once:ERROR");
	}

	@Test
	void oncePerRequestFilterRunsAgainOnErrorDispatchAfterSendError() {
		String trace = UUID.randomUUID().toString();
		Http.get(this.port, "/no/such/path", InvocationLog.TRACE_HEADER, trace, "Accept", "application/json");
		assertThat(entries(trace, "once")).containsExactly("once:REQUEST", "once:ERROR");
	}

	@Test
	void requestOnlyFiltersDoNotRunOnErrorDispatch() {
		String trace = UUID.randomUUID().toString();
		Http.get(this.port, "/api/boom", InvocationLog.TRACE_HEADER, trace, "Accept", "application/json");
		assertThat(entries(trace, "order")).containsExactly("order1:REQUEST", "order2:REQUEST");
	}

	private List<String> entries(String trace, String prefix) {
		return this.log.entries(trace).stream().filter((entry) -> entry.startsWith(prefix)).toList();
	}

}
