package dev.undertide.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link AccessLogPattern}: undertow's pattern names and tokens, and the typos undertow itself would write
 * literally.
 */
class AccessLogPatternTests {

	@Test
	void namesStandForTheApacheFormats() {
		assertThat(AccessLogPattern.parse("common").getFormat()).isEqualTo("%h %l %u %t \"%r\" %s %b");
		assertThat(AccessLogPattern.parse("combined").getFormat())
			.isEqualTo("%h %l %u %t \"%r\" %s %b \"%{i,Referer}\" \"%{i,User-Agent}\"");
	}

	@Test
	void tokenUndertowDoesNotKnowIsRefusedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessLogPattern.parse("%h %Z %{x,Foo}"))
			.withMessage("undertow does not know the tokens %Z, %{x,Foo}");
	}

	@Test
	void literalPercentAndTextAreNotTokens() {
		assertThat(AccessLogPattern.parse("100%% of %U").getFormat()).isEqualTo("100%% of %U");
	}

	@Test
	void unbalancedBraceIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessLogPattern.parse("%{i,Referer"))
			.withMessageContaining("Mismatched braces");
	}

	@Test
	void emptyPatternIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> AccessLogPattern.parse(" "))
			.withMessage("the pattern is empty");
	}

	@Test
	void durationTokensMakeThePatternTimed() {
		assertThat(AccessLogPattern.parse("%D").isTimed()).isTrue();
		assertThat(AccessLogPattern.parse("%T").isTimed()).isTrue();
		assertThat(AccessLogPattern.parse("%{RESPONSE_TIME}").isTimed()).isTrue();
		assertThat(AccessLogPattern.parse("combined").isTimed()).isFalse();
	}

	@Test
	void requestIdIsAToken() {
		assertThat(AccessLogPattern.parse("%{REQUEST_ID} %U").getFormat()).isEqualTo("%{REQUEST_ID} %U");
	}

}
