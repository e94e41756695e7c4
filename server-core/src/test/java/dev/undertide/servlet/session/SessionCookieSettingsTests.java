package dev.undertide.servlet.session;

import java.util.List;

import jakarta.servlet.http.Cookie;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class SessionCookieSettingsTests {

	private final SessionCookieSettings settings = new SessionCookieSettings();

	@Test
	void defaultsToHttpOnlyBrowserSessionCookieNamedJsessionid() {
		assertThat(this.settings.getName()).isEqualTo("JSESSIONID");
		assertThat(this.settings.getPath()).isNull();
		assertThat(this.settings.getDomain()).isNull();
		assertThat(this.settings.isHttpOnly()).isTrue();
		assertThat(this.settings.isSecure()).isFalse();
		assertThat(this.settings.getMaxAge()).isEqualTo(-1);
		assertThat(this.settings.getAttributes()).containsExactly(entry("HttpOnly", ""));
	}

	@Test
	void typedSettersAreReflectedInAttributes() {
		this.settings.setDomain("example.com");
		this.settings.setPath("/app");
		this.settings.setMaxAge(3600);
		this.settings.setSecure(true);
		this.settings.setHttpOnly(false);
		assertThat(this.settings.getAttributes()).containsOnly(entry("Domain", "example.com"), entry("Path", "/app"),
				entry("Max-Age", "3600"), entry("Secure", ""));
	}

	@Test
	void attributesAreReflectedInTypedGettersIgnoringCase() {
		this.settings.setAttribute("domain", "example.com");
		this.settings.setAttribute("PATH", "/app");
		this.settings.setAttribute("max-age", "60");
		this.settings.setAttribute("secure", "");
		this.settings.setAttribute("httponly", null);
		assertThat(this.settings.getDomain()).isEqualTo("example.com");
		assertThat(this.settings.getPath()).isEqualTo("/app");
		assertThat(this.settings.getMaxAge()).isEqualTo(60);
		assertThat(this.settings.isSecure()).isTrue();
		assertThat(this.settings.isHttpOnly()).isFalse();
		assertThat(this.settings.getAttribute("SameSite")).isNull();
	}

	@Test
	void genericAttributeNamesAreCaseInsensitive() {
		this.settings.setAttribute("SameSite", "Lax");
		assertThat(this.settings.getAttribute("samesite")).isEqualTo("Lax");
		assertThat(this.settings.getAttributes()).containsEntry("SAMESITE", "Lax");
	}

	@Test
	void negativeMaxAgeRemovesMaxAgeAttribute() {
		this.settings.setMaxAge(10);
		this.settings.setMaxAge(-1);
		assertThat(this.settings.getAttribute("Max-Age")).isNull();
		assertThat(this.settings.getMaxAge()).isEqualTo(-1);
	}

	@Test
	void nonNumericMaxAgeAttributeIsRejected() {
		assertThatThrownBy(() -> this.settings.setAttribute("Max-Age", "soon")).isInstanceOf(NumberFormatException.class);
	}

	@Test
	void attributeNameThatIsNotATokenIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.settings.setAttribute("Same Site", "Lax"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.settings.setAttribute("", "Lax"));
	}

	@Test
	void cookieNameThatIsNotATokenIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.settings.setName("SESSION;ID"));
	}

	@Test
	void attributesMapIsReadOnly() {
		assertThatThrownBy(() -> this.settings.getAttributes().put("SameSite", "Lax"))
			.isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	@SuppressWarnings("deprecation")
	void commentIsIgnored() {
		this.settings.setComment("ignored");
		assertThat(this.settings.getComment()).isNull();
	}

	@Test
	void lockedSettingsRejectEveryChange() {
		this.settings.lock();
		List<ThrowingCallable> setters = List.of(() -> this.settings.setName("SESSION"),
				() -> this.settings.setDomain("example.com"), () -> this.settings.setPath("/"),
				() -> this.settings.setHttpOnly(false), () -> this.settings.setSecure(true),
				() -> this.settings.setMaxAge(1), () -> this.settings.setAttribute("SameSite", "Lax"));
		assertThat(setters).allSatisfy((setter) -> assertThatIllegalStateException().isThrownBy(setter)
			.withMessageEndingWith("cannot be changed after the ServletContext has been initialized"));
		assertThat(this.settings.getName()).isEqualTo("JSESSIONID");
	}

	@Test
	void createCookieAppliesSettings() {
		this.settings.setName("SESSION");
		this.settings.setPath("/shop");
		this.settings.setDomain("example.com");
		this.settings.setSecure(true);
		this.settings.setMaxAge(600);
		this.settings.setAttribute("SameSite", "Strict");
		this.settings.setAttribute("Partitioned", "");
		Cookie cookie = this.settings.createCookie("abc123", "/app");
		assertThat(cookie.getName()).isEqualTo("SESSION");
		assertThat(cookie.getValue()).isEqualTo("abc123");
		assertThat(cookie.getPath()).isEqualTo("/shop");
		assertThat(cookie.getDomain()).isEqualTo("example.com");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.getSecure()).isTrue();
		assertThat(cookie.getMaxAge()).isEqualTo(600);
		assertThat(cookie.getAttribute("SameSite")).isEqualTo("Strict");
		assertThat(cookie.getAttribute("Partitioned")).isEmpty();
	}

	@Test
	void createCookieUsesContextPathWhenNoPathIsSet() {
		assertThat(this.settings.createCookie("abc123", "/app").getPath()).isEqualTo("/app");
	}

	@Test
	void createCookieForRootContextUsesSlashPath() {
		assertThat(this.settings.createCookie("abc123", "").getPath()).isEqualTo("/");
	}

	@Test
	void createCookieRendersFlagsSetToTrueAsBareFlags() {
		this.settings.setAttribute("Secure", "true");
		Cookie cookie = this.settings.createCookie("abc123", "");
		assertThat(cookie.getSecure()).isTrue();
		assertThat(cookie.getAttribute("Secure")).isEmpty();
	}

	@Test
	void createCookieLeavesOutUnsetSettings() {
		this.settings.setHttpOnly(false);
		Cookie cookie = this.settings.createCookie("abc123", "/app");
		assertThat(cookie.getAttributes()).containsOnlyKeys("Path");
		assertThat(cookie.getMaxAge()).isEqualTo(-1);
	}

}
