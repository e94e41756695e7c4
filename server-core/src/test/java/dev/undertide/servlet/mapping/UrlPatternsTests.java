package dev.undertide.servlet.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link UrlPatterns}.
 */
class UrlPatternsTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "/*", "/foo/*", "/foo/bar/*", "*.jsp", "/foo", "/foo/bar.html", "/foo/" })
	void allowedFormsAreValid(String urlPattern) {
		assertThatNoException().isThrownBy(() -> UrlPatterns.validate(urlPattern));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a*", "/a/*/b", "/**", "*", "*.a/b", "*.*", "/*.jsp" })
	void starOutsideLeadingStarDotOrTrailingSlashStarIsRejected(String urlPattern) {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPatterns.validate(urlPattern))
			.withMessageContaining("\"" + urlPattern + "\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "foo", "foo/*", "jsp", ".jsp" })
	void patternNotStartingWithSlashOrStarDotIsRejected(String urlPattern) {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPatterns.validate(urlPattern))
			.withMessageContaining("must start with");
	}

	@Test
	void emptyExtensionIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPatterns.validate("*."))
			.withMessageContaining("extension must not be empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/foo\r\nSet-Cookie: x", "/foo\n", "/\r" })
	void patternWithLineBreakIsRejectedWithEscapedMessage(String urlPattern) {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPatterns.validate(urlPattern))
			.withMessageContaining("CR or LF")
			.withMessageNotContaining("\r")
			.withMessageNotContaining("\n");
	}

	@Test
	void nullPatternIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPatterns.validate(null))
			.withMessageContaining("must not be null");
	}

	@Test
	void rejectionMessageNamesAllowedForms() {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPatterns.validate("/a*"))
			.withMessageContaining("allowed are")
			.withMessageContaining("\"/api/*\"")
			.withMessageContaining("\"*.jsp\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "/a", "/a/b.jsp" })
	void slashStarMatchesEveryPath(String path) {
		assertThat(UrlPatterns.matches("/*", path)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "/a", "/a/b.jsp" })
	void slashMatchesEveryPath(String path) {
		assertThat(UrlPatterns.matches("/", path)).isTrue();
	}

	@Test
	void emptyPatternMatchesOnlyContextRoot() {
		assertThat(UrlPatterns.matches("", "")).isTrue();
		assertThat(UrlPatterns.matches("", "/")).isTrue();
		assertThat(UrlPatterns.matches("", "/a")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/foo", "/foo/", "/foo/bar", "/foo/bar/baz.jsp" })
	void prefixPatternMatchesItsBaseAndEverythingBelow(String path) {
		assertThat(UrlPatterns.matches("/foo/*", path)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/foobar", "/fo", "/", "/bar/foo" })
	void prefixPatternDoesNotMatchOtherPaths(String path) {
		assertThat(UrlPatterns.matches("/foo/*", path)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a.jsp", "/dir/a.jsp", "/a.b/c.jsp", "/.jsp" })
	void extensionPatternMatchesExtensionOfLastSegment(String path) {
		assertThat(UrlPatterns.matches("*.jsp", path)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a.jsp/b", "/a.jspx", "/a.js", "/ajsp", "/a.jsp.html", "" })
	void extensionPatternDoesNotMatchOtherPaths(String path) {
		assertThat(UrlPatterns.matches("*.jsp", path)).isFalse();
	}

	@Test
	void exactPatternMatchesOnlyTheSamePath() {
		assertThat(UrlPatterns.matches("/foo", "/foo")).isTrue();
		assertThat(UrlPatterns.matches("/foo", "/foo/")).isFalse();
		assertThat(UrlPatterns.matches("/foo", "/foo/bar")).isFalse();
	}

}
