package dev.undertide.servlet.mapping;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RequestPaths}.
 */
class RequestPathsTests {

	@ParameterizedTest
	@ValueSource(strings = { "/a/../../b", "/..", "/../x", "/a/b/../../..", "/../" })
	void dotDotAboveRootIsRejected(String path) {
		assertThat(RequestPaths.normalize(path)).isNull();
	}

	@Test
	void dotSegmentIsRemoved() {
		assertThat(RequestPaths.normalize("/a/./b")).isEqualTo("/a/b");
	}

	@Test
	void repeatedSlashesAreCollapsed() {
		assertThat(RequestPaths.normalize("//a///b")).isEqualTo("/a/b");
	}

	@Test
	void dotDotRemovesPrecedingSegment() {
		assertThat(RequestPaths.normalize("/a/b/../c")).isEqualTo("/a/c");
	}

	@Test
	void trailingDotDotLeavesTrailingSlash() {
		assertThat(RequestPaths.normalize("/a/b/..")).isEqualTo("/a/");
	}

	@Test
	void trailingSlashIsKept() {
		assertThat(RequestPaths.normalize("/a/./")).isEqualTo("/a/");
		assertThat(RequestPaths.normalize("/a//")).isEqualTo("/a/");
	}

	@Test
	void singleDotIsRoot() {
		assertThat(RequestPaths.normalize("/.")).isEqualTo("/");
	}

	@Test
	void dotDotBackToRootIsRoot() {
		assertThat(RequestPaths.normalize("/a/..")).isEqualTo("/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/a", "/a/b/", "/a/..b/c.", "/.../x", "/.a/b..", "/a\\..\\b" })
	void normalizedPathIsReturnedAsSameInstance(String path) {
		assertThat(RequestPaths.normalize(path)).isSameAs(path);
	}

	@Test
	void emptyPathStaysEmpty() {
		assertThat(RequestPaths.normalize("")).isEmpty();
	}

	@Test
	void pathWithoutLeadingSlashIsTreatedAsHavingOne() {
		assertThat(RequestPaths.normalize("a/./b")).isEqualTo("/a/b");
		assertThat(RequestPaths.normalize("a")).isEqualTo("/a");
	}

	@Test
	void backslashIsNotASeparator() {
		assertThat(RequestPaths.normalize("/a/..\\b/../c")).isEqualTo("/a/c");
	}

	@Test
	void pathParametersAreStrippedFromEverySegment() {
		assertThat(RequestPaths.stripPathParameters("/a;x=1/b;jsessionid=abc")).isEqualTo("/a/b");
		assertThat(RequestPaths.stripPathParameters("/a;x=1;y=2/b/")).isEqualTo("/a/b/");
	}

	@Test
	void pathWithoutParametersIsReturnedAsSameInstance() {
		String path = "/a/b";
		assertThat(RequestPaths.stripPathParameters(path)).isSameAs(path);
	}

	@ParameterizedTest
	@CsvSource({ "/a;jsessionid=abc, abc", "/a;x=1;jsessionid=abc;y=2/b, abc", "/a;jsessionid=abc/b, abc",
			"/a/b;jsessionid=, ''", "/a;jsessionid=first/b;jsessionid=second, first" })
	void pathParameterValueEndsAtSemicolonSlashOrEnd(String path, String value) {
		assertThat(RequestPaths.pathParameter(path, "jsessionid")).isEqualTo(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a/b", "/a;JSESSIONID=abc", "/a;jsessionidx=abc", "/a;xjsessionid=abc", "/a;jsessionid",
			"/jsessionid=abc" })
	void absentPathParameterIsNull(String path) {
		assertThat(RequestPaths.pathParameter(path, "jsessionid")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%2e%2e/x", "/%2E%2E/x", "/%2e%2E/x", "/.%2e/x", "/a/%2e%2e/%2e%2e" })
	void encodedDotDotAboveRootIsRejected(String rawPath) {
		assertThat(decode(rawPath)).isNull();
	}

	@Test
	void encodedDotDotIsResolved() {
		assertThat(decode("/a/%2e%2e/b")).isEqualTo("/b");
	}

	@Test
	void encodedDotIsRemoved() {
		assertThat(decode("/a/%2E/b")).isEqualTo("/a/b");
	}

	@Test
	void doubleEncodedDotsAreDecodedOnlyOnce() {
		assertThat(decode("/a/%252e%252e/b")).isEqualTo("/a/%2e%2e/b");
	}

	@Test
	void sessionIdPathParameterIsStripped() {
		assertThat(decode("/a;jsessionid=abc/b")).isEqualTo("/a/b");
	}

	@Test
	void pathParametersAreStrippedBeforeDecoding() {
		assertThat(decode("/a%3Bx=1/b")).isEqualTo("/a;x=1/b");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/a%2Fb", "/a%2fb" })
	void encodedSlashStaysEncodedWhenNotAllowed(String rawPath) {
		assertThat(RequestPaths.decodeAndNormalize(rawPath, StandardCharsets.UTF_8, false)).isEqualTo("/a%2Fb");
	}

	@Test
	void encodedSlashCannotClimbWhenNotAllowed() {
		assertThat(RequestPaths.decodeAndNormalize("/a/..%2F..%2Fb", StandardCharsets.UTF_8, false))
			.isEqualTo("/a/..%2F..%2Fb");
	}

	@Test
	void encodedSlashIsDecodedWhenAllowed() {
		assertThat(RequestPaths.decodeAndNormalize("/a%2fb", StandardCharsets.UTF_8, true)).isEqualTo("/a/b");
	}

	@Test
	void decodedSlashTakesPartInNormalizationWhenAllowed() {
		assertThat(RequestPaths.decodeAndNormalize("/a/b%2F..%2Fc", StandardCharsets.UTF_8, true)).isEqualTo("/a/c");
		assertThat(RequestPaths.decodeAndNormalize("/a/..%2F..%2Fb", StandardCharsets.UTF_8, true)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%zz", "/a%", "/a%2", "/%g1", "/%1g", "/%\u0661\u0662", "/%%41" })
	void invalidEscapeIsRejected(String rawPath) {
		assertThat(decode(rawPath)).isNull();
	}

	@Test
	void encodedNulIsRejected() {
		assertThat(decode("/a%00b")).isNull();
	}

	@Test
	void multiByteUtf8IsDecoded() {
		assertThat(decode("/caf%C3%A9")).isEqualTo("/caf\u00e9");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/%C3", "/%FF", "/%C3/%A9", "/%C0%AF" })
	void malformedUtf8IsRejected(String rawPath) {
		assertThat(decode(rawPath)).isNull();
	}

	@Test
	void escapesAreDecodedWithTheGivenCharset() {
		assertThat(RequestPaths.decodeAndNormalize("/caf%E9", StandardCharsets.ISO_8859_1, false))
			.isEqualTo("/caf\u00e9");
	}

	@Test
	void plusIsNotASpace() {
		assertThat(decode("/a+b%20c")).isEqualTo("/a+b c");
	}

	@Test
	void rawPathNeedingNoChangeIsReturnedAsSameInstance() {
		String rawPath = "/a/b.html";
		assertThat(decode(rawPath)).isSameAs(rawPath);
	}

	private static @Nullable String decode(String rawPath) {
		return RequestPaths.decodeAndNormalize(rawPath, StandardCharsets.UTF_8, false);
	}

}
