package dev.undertide.servlet.session;

import java.time.Duration;
import java.util.Collections;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemorySessionTests {

	private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

	private final RecordingSessionListener listener = new RecordingSessionListener();

	private final MutableClock clock = new MutableClock();

	private final SessionManager manager = new SessionManager(TestServletContext.create(), this.listeners,
			Duration.ofSeconds(30), this.clock);

	private final InMemorySession session;

	InMemorySessionTests() {
		this.listeners.add(this.listener);
		this.session = this.manager.create();
	}

	@AfterEach
	void closeManager() {
		this.manager.close();
	}

	@Test
	void setAttributeFiresAttributeAdded() {
		this.session.setAttribute("user", "alice");
		assertThat(this.session.getAttribute("user")).isEqualTo("alice");
		assertThat(attributeEvents()).containsExactly("added:user=alice");
	}

	@Test
	void setAttributeOverExistingValueFiresAttributeReplacedWithOldValue() {
		this.session.setAttribute("user", "alice");
		this.session.setAttribute("user", "bob");
		assertThat(this.session.getAttribute("user")).isEqualTo("bob");
		assertThat(attributeEvents()).containsExactly("added:user=alice", "replaced:user=alice");
	}

	@Test
	void removeAttributeFiresAttributeRemoved() {
		this.session.setAttribute("user", "alice");
		this.session.removeAttribute("user");
		assertThat(this.session.getAttribute("user")).isNull();
		assertThat(attributeEvents()).containsExactly("added:user=alice", "removed:user=alice");
	}

	@Test
	void removeAttributeOfUnknownNameFiresNothing() {
		this.session.removeAttribute("missing");
		assertThat(attributeEvents()).isEmpty();
	}

	@Test
	void setAttributeToNullRemovesIt() {
		this.session.setAttribute("user", "alice");
		this.session.setAttribute("user", null);
		assertThat(Collections.list(this.session.getAttributeNames())).isEmpty();
		assertThat(attributeEvents()).containsExactly("added:user=alice", "removed:user=alice");
	}

	@Test
	void getAttributeNamesListsCurrentAttributes() {
		this.session.setAttribute("a", 1);
		this.session.setAttribute("b", 2);
		assertThat(Collections.list(this.session.getAttributeNames())).containsExactlyInAnyOrder("a", "b");
	}

	@Test
	void bindingListenerIsBoundBeforeBecomingVisibleAndUnboundAfterRemoval() {
		RecordingBindingListener value = new RecordingBindingListener();
		this.session.setAttribute("value", value);
		this.session.removeAttribute("value");
		assertThat(value.events).containsExactly("bound:value,visible=false", "unbound:value,visible=false");
	}

	@Test
	void bindingListenerIsUnboundWhenReplaced() {
		RecordingBindingListener value = new RecordingBindingListener();
		this.session.setAttribute("value", value);
		this.session.setAttribute("value", "other");
		assertThat(value.events).containsExactly("bound:value,visible=false", "unbound:value,visible=false");
	}

	@Test
	void bindingListenerSetAgainUnderSameNameIsNeitherReboundNorUnbound() {
		RecordingBindingListener value = new RecordingBindingListener();
		this.session.setAttribute("value", value);
		this.session.setAttribute("value", value);
		assertThat(value.events).containsExactly("bound:value,visible=false");
		assertThat(attributeEvents()).containsExactly("added:value=RecordingBindingListener",
				"replaced:value=RecordingBindingListener");
	}

	@Test
	void failingAttributeListenerPropagatesAfterOtherListenersAreNotified() {
		this.listeners.add(0, new HttpSessionAttributeListener() {
			@Override
			public void attributeAdded(HttpSessionBindingEvent event) {
				throw new IllegalArgumentException("broken listener");
			}
		});
		assertThatThrownBy(() -> this.session.setAttribute("user", "alice")).hasMessage("broken listener");
		assertThat(attributeEvents()).containsExactly("added:user=alice");
	}

	@Test
	void invalidateFiresSessionDestroyedWhileAttributesAreReadableThenUnbindsThem() {
		RecordingBindingListener value = new RecordingBindingListener();
		this.session.setAttribute("value", value);
		AtomicReference<Object> seenByDestroyedListener = new AtomicReference<>();
		this.listeners.add(new HttpSessionListener() {
			@Override
			public void sessionDestroyed(HttpSessionEvent event) {
				seenByDestroyedListener.set(event.getSession().getAttribute("value"));
			}
		});
		String id = this.session.getId();
		this.session.invalidate();
		assertThat(seenByDestroyedListener).hasValue(value);
		assertThat(this.listener.events()).containsSubsequence("destroyed:" + id,
				"removed:value=RecordingBindingListener");
		assertThat(value.events).endsWith("unbound:value,visible=false");
	}

	@Test
	void invalidateCompletesEvenIfSessionDestroyedListenerFails() {
		this.listeners.add(new HttpSessionListener() {
			@Override
			public void sessionDestroyed(HttpSessionEvent event) {
				throw new IllegalArgumentException("broken listener");
			}
		});
		this.session.setAttribute("user", "alice");
		assertThatThrownBy(this.session::invalidate).hasMessage("broken listener");
		assertThat(this.listener.events()).contains("removed:user=alice");
		assertThatIllegalStateException().isThrownBy(() -> this.session.getAttribute("user"));
		assertThat(this.manager.getActiveSessionCount()).isZero();
	}

	@Test
	void invalidatedSessionRejectsMethodsTheSpecForbids() {
		this.session.invalidate();
		List<ThrowingCallable> forbidden = List.of(this.session::getCreationTime, this.session::getLastAccessedTime,
				() -> this.session.getAttribute("a"), this.session::getAttributeNames,
				() -> this.session.setAttribute("a", "b"), () -> this.session.removeAttribute("a"),
				this.session::invalidate, this.session::isNew, this.session::getAccessor);
		assertThat(forbidden).allSatisfy((call) -> assertThatIllegalStateException().isThrownBy(call));
	}

	@Test
	void invalidatedSessionStillReportsIdAndMaxInactiveInterval() {
		String id = this.session.getId();
		this.session.invalidate();
		this.session.setMaxInactiveInterval(10);
		assertThat(this.session.getId()).isEqualTo(id);
		assertThat(this.session.getMaxInactiveInterval()).isEqualTo(10);
	}

	@Test
	void accessorRunsConsumerAgainstSessionAndUpdatesLastAccessedTime() {
		HttpSession.Accessor accessor = this.session.getAccessor();
		this.clock.advance(Duration.ofSeconds(5));
		AtomicReference<HttpSession> accessed = new AtomicReference<>();
		accessor.access((session) -> {
			accessed.set(session);
			session.setAttribute("touched", true);
		});
		assertThat(accessed).hasValue(this.session);
		assertThat(this.session.getAttribute("touched")).isEqualTo(true);
		assertThat(this.session.getLastAccessedTime()).isEqualTo(this.clock.millis());
	}

	@Test
	void accessorDoesNotMarkSessionNotNew() {
		this.session.getAccessor().access((session) -> {
		});
		assertThat(this.session.isNew()).isTrue();
	}

	@Test
	void accessorOfInvalidatedSessionThrows() {
		HttpSession.Accessor accessor = this.session.getAccessor();
		this.session.invalidate();
		assertThatIllegalStateException().isThrownBy(() -> accessor.access((session) -> {
		}));
	}

	@Test
	void accessorOfExpiredSessionThrowsAndInvalidatesIt() {
		HttpSession.Accessor accessor = this.session.getAccessor();
		this.session.setMaxInactiveInterval(1);
		this.clock.advance(Duration.ofSeconds(1));
		assertThatIllegalStateException().isThrownBy(() -> accessor.access((session) -> {
		}));
		assertThat(this.listener.events()).contains("destroyed:" + this.session.getId());
	}

	@Test
	void accessorThrowsAfterSessionIdChanged() {
		HttpSession.Accessor accessor = this.session.getAccessor();
		this.manager.changeSessionId(this.session);
		assertThatIllegalStateException().isThrownBy(() -> accessor.access((session) -> {
		}));
	}

	private List<String> attributeEvents() {
		return this.listener.events()
			.stream()
			.filter((event) -> event.startsWith("added:") || event.startsWith("replaced:")
					|| event.startsWith("removed:"))
			.toList();
	}

}
