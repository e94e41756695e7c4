package dev.undertide.servlet.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SessionManagerTests {

	private final ServletContext servletContext = TestServletContext.create();

	private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

	private final RecordingSessionListener listener = new RecordingSessionListener();

	private final MutableClock clock = new MutableClock();

	private final SessionManager manager = new SessionManager(this.servletContext, this.listeners,
			Duration.ofSeconds(30), this.clock);

	SessionManagerTests() {
		this.listeners.add(this.listener);
	}

	@AfterEach
	void closeManager() {
		this.manager.close();
	}

	@Test
	void createdSessionCanBeFoundById() {
		InMemorySession session = this.manager.create();
		assertThat(this.manager.find(session.getId())).isSameAs(session);
		assertThat(this.manager.getActiveSessionCount()).isOne();
	}

	@Test
	void createdSessionIsNewAndBelongsToTheServletContext() {
		InMemorySession session = this.manager.create();
		assertThat(session.isNew()).isTrue();
		assertThat(session.getServletContext()).isSameAs(this.servletContext);
		assertThat(session.getCreationTime()).isEqualTo(this.clock.millis());
		assertThat(session.getLastAccessedTime()).isEqualTo(this.clock.millis());
	}

	@Test
	void createFiresSessionCreated() {
		InMemorySession session = this.manager.create();
		assertThat(this.listener.events()).containsExactly("created:" + session.getId());
	}

	@Test
	void createGivesDefaultMaxInactiveInterval() {
		assertThat(this.manager.getDefaultMaxInactiveInterval()).isEqualTo(1800);
		this.manager.setDefaultMaxInactiveInterval(60);
		assertThat(this.manager.create().getMaxInactiveInterval()).isEqualTo(60);
	}

	@Test
	void createGeneratesDistinctUrlSafeIdsOfAtLeast128Bits() {
		String first = this.manager.create().getId();
		String second = this.manager.create().getId();
		assertThat(first).isNotEqualTo(second).matches("[A-Za-z0-9_-]{22,}");
	}

	@Test
	void findReturnsNullForUnknownId() {
		assertThat(this.manager.find("unknown")).isNull();
	}

	@Test
	void findReturnsNullForInvalidatedSession() {
		InMemorySession session = this.manager.create();
		session.invalidate();
		assertThat(this.manager.find(session.getId())).isNull();
		assertThat(this.manager.getActiveSessionCount()).isZero();
	}

	@Test
	void sessionExpiresAfterMaxInactiveInterval() {
		InMemorySession session = this.manager.create();
		session.setMaxInactiveInterval(1);
		this.clock.advance(Duration.ofMillis(999));
		assertThat(this.manager.find(session.getId())).isSameAs(session);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.manager.find(session.getId())).isNull();
		assertThat(this.listener.events()).contains("destroyed:" + session.getId());
		assertThatIllegalStateException().isThrownBy(session::getCreationTime);
	}

	@Test
	void sessionWithZeroMaxInactiveIntervalNeverExpires() {
		InMemorySession session = this.manager.create();
		session.setMaxInactiveInterval(0);
		this.clock.advance(Duration.ofDays(365));
		assertThat(this.manager.find(session.getId())).isSameAs(session);
	}

	@Test
	void accessPostponesExpiry() {
		InMemorySession session = this.manager.create();
		session.setMaxInactiveInterval(1);
		this.clock.advance(Duration.ofMillis(800));
		this.manager.access(session);
		this.clock.advance(Duration.ofMillis(800));
		assertThat(this.manager.find(session.getId())).isSameAs(session);
		assertThat(session.getLastAccessedTime()).isEqualTo(this.clock.millis() - 800);
	}

	@Test
	void accessMarksSessionNotNew() {
		InMemorySession session = this.manager.create();
		this.manager.access(session);
		assertThat(session.isNew()).isFalse();
	}

	@Test
	void sweeperInvalidatesExpiredSessionsAndFiresSessionDestroyed() throws InterruptedException {
		try (SessionManager sweeping = new SessionManager(this.servletContext, this.listeners, Duration.ofMillis(20),
				this.clock)) {
			InMemorySession expiring = sweeping.create();
			expiring.setMaxInactiveInterval(1);
			InMemorySession lasting = sweeping.create();
			this.clock.advance(Duration.ofSeconds(2));
			awaitUntil(() -> sweeping.getActiveSessionCount() == 1);
			assertThat(this.listener.events()).contains("destroyed:" + expiring.getId())
				.doesNotContain("destroyed:" + lasting.getId());
			assertThat(sweeping.find(lasting.getId())).isSameAs(lasting);
		}
	}

	@Test
	void sweeperRunsOnSingleDaemonThreadNamedForExpiry() throws InterruptedException {
		List<Thread> sweeperThreads = new CopyOnWriteArrayList<>();
		this.listeners.add(new HttpSessionListener() {
			@Override
			public void sessionDestroyed(HttpSessionEvent event) {
				sweeperThreads.add(Thread.currentThread());
			}
		});
		try (SessionManager sweeping = new SessionManager(this.servletContext, this.listeners, Duration.ofMillis(20),
				this.clock)) {
			sweeping.create().setMaxInactiveInterval(1);
			this.clock.advance(Duration.ofSeconds(2));
			awaitUntil(() -> !sweeperThreads.isEmpty());
			assertThat(sweeperThreads.get(0).getName()).isEqualTo("undertide-session-expiry");
			assertThat(sweeperThreads.get(0).isDaemon()).isTrue();
		}
	}

	@Test
	void changeSessionIdKeepsSessionAndAttributesUnderNewIdOnly() {
		InMemorySession session = this.manager.create();
		session.setAttribute("user", "alice");
		String oldId = session.getId();
		String newId = this.manager.changeSessionId(session);
		assertThat(newId).isNotEqualTo(oldId).isEqualTo(session.getId());
		assertThat(this.manager.find(oldId)).isNull();
		assertThat(this.manager.find(newId)).isSameAs(session);
		assertThat(session.getAttribute("user")).isEqualTo("alice");
		assertThat(this.manager.getActiveSessionCount()).isOne();
	}

	@Test
	void changeSessionIdFiresIdListenerWithOldId() {
		InMemorySession session = this.manager.create();
		String oldId = session.getId();
		String newId = this.manager.changeSessionId(session);
		assertThat(this.listener.events()).endsWith("idChanged:" + oldId + "->" + newId);
	}

	@Test
	void changeSessionIdOfInvalidatedSessionThrows() {
		InMemorySession session = this.manager.create();
		session.invalidate();
		assertThatIllegalStateException().isThrownBy(() -> this.manager.changeSessionId(session));
		assertThat(this.manager.getActiveSessionCount()).isZero();
	}

	@Test
	void listenerRegisteredAfterCreationOfManagerIsNotified() {
		RecordingSessionListener lateListener = new RecordingSessionListener();
		this.listeners.add(lateListener);
		InMemorySession session = this.manager.create();
		assertThat(lateListener.events()).containsExactly("created:" + session.getId());
	}

	@Test
	void sessionDestroyedIsFiredInReverseOrderOfRegistration() {
		List<String> order = new CopyOnWriteArrayList<>();
		this.listeners.add(new NamedSessionListener("first", order));
		this.listeners.add(new NamedSessionListener("second", order));
		InMemorySession session = this.manager.create();
		session.invalidate();
		assertThat(order).containsExactly("created:first", "created:second", "destroyed:second", "destroyed:first");
	}

	@Test
	void failingListenerDuringExpiryDoesNotPreventInvalidation() {
		this.listeners.add(0, new HttpSessionListener() {
			@Override
			public void sessionDestroyed(HttpSessionEvent event) {
				throw new IllegalStateException("broken listener");
			}
		});
		InMemorySession session = this.manager.create();
		session.setAttribute("user", "alice");
		session.setMaxInactiveInterval(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.manager.find(session.getId())).isNull();
		assertThat(this.listener.events()).contains("destroyed:" + session.getId(), "removed:user=alice");
	}

	@Test
	void closeInvalidatesEverySession() {
		InMemorySession first = this.manager.create();
		InMemorySession second = this.manager.create();
		this.manager.close();
		assertThat(this.manager.getActiveSessionCount()).isZero();
		assertThat(this.listener.events()).contains("destroyed:" + first.getId(), "destroyed:" + second.getId());
		assertThatIllegalStateException().isThrownBy(first::getCreationTime);
	}

	@Test
	void closeIsIdempotent() {
		this.manager.create();
		this.manager.close();
		this.manager.close();
		assertThat(this.listener.events()).filteredOn((event) -> event.startsWith("destroyed:")).hasSize(1);
	}

	@Test
	void createAfterCloseThrows() {
		this.manager.close();
		assertThatIllegalStateException().isThrownBy(this.manager::create);
	}

	@Test
	void nonPositiveExpiryCheckIntervalIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SessionManager(this.servletContext, this.listeners, Duration.ZERO));
	}

	@Test
	void concurrentCreateFindAndInvalidateKeepCountConsistent() throws Exception {
		int threads = 8;
		int sessionsPerThread = 500;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<List<InMemorySession>>> results = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				results.add(executor.submit(() -> {
					start.await();
					List<InMemorySession> kept = new ArrayList<>();
					for (int n = 0; n < sessionsPerThread; n++) {
						InMemorySession session = this.manager.create();
						session.setAttribute("n", n);
						assertThat(this.manager.find(session.getId())).isSameAs(session);
						if (n % 2 == 0) {
							session.invalidate();
						}
						else {
							this.manager.changeSessionId(session);
							kept.add(session);
						}
					}
					return kept;
				}));
			}
			start.countDown();
			List<InMemorySession> kept = new ArrayList<>();
			for (Future<List<InMemorySession>> result : results) {
				kept.addAll(result.get(30, TimeUnit.SECONDS));
			}
			assertThat(kept).hasSize(threads * sessionsPerThread / 2);
			assertThat(this.manager.getActiveSessionCount()).isEqualTo(kept.size());
			assertThat(kept).allSatisfy((session) -> assertThat(this.manager.find(session.getId())).isSameAs(session));
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private record NamedSessionListener(String name, List<String> order) implements HttpSessionListener {

		@Override
		public void sessionCreated(HttpSessionEvent event) {
			this.order.add("created:" + this.name);
		}

		@Override
		public void sessionDestroyed(HttpSessionEvent event) {
			this.order.add("destroyed:" + this.name);
		}

	}

}
