package dev.undertide.servlet.mapping;

import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ServletPathMatcher}.
 */
class ServletPathMatcherTests {

	private final ServletPathMatcher<String> matcher = new ServletPathMatcher<>();

	@Test
	void exactPatternBeatsPrefixPattern() {
		this.matcher.add("/foo/*", "prefix");
		this.matcher.add("/foo/bar", "exact");
		assertThat(this.matcher.match("/foo/bar").target()).isEqualTo("exact");
	}

	@Test
	void exactMatchReportsExactMapping() {
		this.matcher.add("/foo/bar", "exact");
		assertThat(this.matcher.match("/foo/bar"))
			.isEqualTo(new PathMatch<>("exact", "/foo/bar", null, MappingMatch.EXACT, "foo/bar", "/foo/bar"));
	}

	@Test
	void longestPrefixPatternWins() {
		this.matcher.add("/a/*", "short");
		this.matcher.add("/a/b/*", "long");
		PathMatch<String> match = this.matcher.match("/a/b/c");
		assertThat(match.target()).isEqualTo("long");
		assertThat(match.servletPath()).isEqualTo("/a/b");
		assertThat(match.pathInfo()).isEqualTo("/c");
	}

	@Test
	void shorterPrefixPatternMatchesOutsideLongerOne() {
		this.matcher.add("/a/*", "short");
		this.matcher.add("/a/b/*", "long");
		assertThat(this.matcher.match("/a/c/d").target()).isEqualTo("short");
	}

	@Test
	void prefixPatternMatchesItsOwnBasePathWithNullPathInfo() {
		this.matcher.add("/foo/*", "prefix");
		PathMatch<String> match = this.matcher.match("/foo");
		assertThat(match.target()).isEqualTo("prefix");
		assertThat(match.servletPath()).isEqualTo("/foo");
		assertThat(match.pathInfo()).isNull();
		assertThat(match.matchValue()).isEmpty();
	}

	@Test
	void prefixPatternKeepsTrailingSlashAsPathInfo() {
		this.matcher.add("/foo/*", "prefix");
		PathMatch<String> match = this.matcher.match("/foo/");
		assertThat(match.servletPath()).isEqualTo("/foo");
		assertThat(match.pathInfo()).isEqualTo("/");
	}

	@Test
	void prefixPatternDoesNotMatchPathThatMerelyStartsWithItsBase() {
		this.matcher.add("/foo/*", "prefix");
		assertThat(this.matcher.match("/foobar")).isNull();
	}

	@Test
	void prefixMatchReportsPathMappingWithPartMatchedByStar() {
		this.matcher.add("/foo/*", "prefix");
		assertThat(this.matcher.match("/foo/bar/baz"))
			.isEqualTo(new PathMatch<>("prefix", "/foo", "/bar/baz", MappingMatch.PATH, "bar/baz", "/foo/*"));
	}

	@Test
	void slashStarGivesEmptyServletPathAndWholePathAsPathInfo() {
		this.matcher.add("/*", "all");
		assertThat(this.matcher.match("/a/b"))
			.isEqualTo(new PathMatch<>("all", "", "/a/b", MappingMatch.PATH, "a/b", "/*"));
	}

	@Test
	void slashStarMatchesRootPath() {
		this.matcher.add("/*", "all");
		assertThat(this.matcher.match("/"))
			.isEqualTo(new PathMatch<>("all", "", "/", MappingMatch.PATH, "", "/*"));
	}

	@Test
	void prefixPatternBeatsExtensionPattern() {
		this.matcher.add("/foo/*", "prefix");
		this.matcher.add("*.jsp", "extension");
		assertThat(this.matcher.match("/foo/page.jsp").target()).isEqualTo("prefix");
	}

	@Test
	void extensionMatchReportsExtensionMapping() {
		this.matcher.add("*.jsp", "extension");
		assertThat(this.matcher.match("/dir/page.jsp"))
			.isEqualTo(new PathMatch<>("extension", "/dir/page.jsp", null, MappingMatch.EXTENSION, "dir/page", "*.jsp"));
	}

	@Test
	void extensionIsMatchedOnTheLastSegmentOnly() {
		this.matcher.add("*.b", "extension");
		assertThat(this.matcher.match("/a.b/c")).isNull();
	}

	@Test
	void extensionIsThePartAfterTheLastDot() {
		this.matcher.add("*.gz", "gzip");
		this.matcher.add("*.tar", "tar");
		assertThat(this.matcher.match("/archive.tar.gz").target()).isEqualTo("gzip");
	}

	@Test
	void exactPatternBeatsExtensionPattern() {
		this.matcher.add("*.jsp", "extension");
		this.matcher.add("/index.jsp", "exact");
		assertThat(this.matcher.match("/index.jsp").target()).isEqualTo("exact");
	}

	@Test
	void defaultServletCatchesTheRest() {
		this.matcher.add("/foo/*", "prefix");
		this.matcher.add("*.jsp", "extension");
		this.matcher.add("/", "default");
		assertThat(this.matcher.match("/index.html"))
			.isEqualTo(new PathMatch<>("default", "/index.html", null, MappingMatch.DEFAULT, "", "/"));
	}

	@Test
	void rootPathWithoutContextRootPatternGoesToDefaultServlet() {
		this.matcher.add("/", "default");
		assertThat(this.matcher.match("/"))
			.isEqualTo(new PathMatch<>("default", "/", null, MappingMatch.DEFAULT, "", "/"));
	}

	@Test
	void contextRootPatternMatchesRootPath() {
		this.matcher.add("", "root");
		this.matcher.add("/", "default");
		assertThat(this.matcher.match("/"))
			.isEqualTo(new PathMatch<>("root", "", "/", MappingMatch.CONTEXT_ROOT, "", ""));
	}

	@Test
	void emptyPathIsTreatedAsRootPath() {
		this.matcher.add("", "root");
		assertThat(this.matcher.match("").mappingMatch()).isEqualTo(MappingMatch.CONTEXT_ROOT);
	}

	@Test
	void contextRootPatternBeatsSlashStar() {
		this.matcher.add("", "root");
		this.matcher.add("/*", "all");
		assertThat(this.matcher.match("/").target()).isEqualTo("root");
	}

	@Test
	void contextRootPatternMatchesNothingElse() {
		this.matcher.add("", "root");
		this.matcher.add("/", "default");
		assertThat(this.matcher.match("/x").target()).isEqualTo("default");
	}

	@Test
	void unmatchedPathGivesNull() {
		this.matcher.add("/foo/*", "prefix");
		this.matcher.add("*.jsp", "extension");
		assertThat(this.matcher.match("/bar/page.html")).isNull();
	}

	@Test
	void invalidPatternIsRejectedNamingThePattern() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.matcher.add("/a*", "bad"))
			.withMessageContaining("\"/a*\"");
		assertThat(this.matcher.contains("/a*")).isFalse();
	}

	@Test
	void duplicatePatternIsRejected() {
		this.matcher.add("/foo", "first");
		assertThatIllegalStateException().isThrownBy(() -> this.matcher.add("/foo", "second"))
			.withMessageContaining("\"/foo\"")
			.withMessageContaining("already mapped");
		assertThat(this.matcher.targetOf("/foo")).isEqualTo("first");
	}

	@Test
	void registeredPatternsCanBeLookedUp() {
		this.matcher.add("*.jsp", "extension");
		assertThat(this.matcher.contains("*.jsp")).isTrue();
		assertThat(this.matcher.targetOf("*.jsp")).isEqualTo("extension");
		assertThat(this.matcher.contains("/")).isFalse();
		assertThat(this.matcher.targetOf("/")).isNull();
	}

}
