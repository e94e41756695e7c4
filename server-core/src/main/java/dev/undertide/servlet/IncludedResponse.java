package dev.undertide.servlet;

import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response as an included servlet sees it: it can write the body but not change the status, the
 * headers or the cookies (Servlet §9.3).
 */
final class IncludedResponse extends HttpServletResponseWrapper {

	IncludedResponse(HttpServletResponse response) {
		super(response);
	}

	@Override
	public void setStatus(int status) {
	}

	@Override
	public void setHeader(String name, String value) {
	}

	@Override
	public void addHeader(String name, String value) {
	}

	@Override
	public void setIntHeader(String name, int value) {
	}

	@Override
	public void addIntHeader(String name, int value) {
	}

	@Override
	public void setDateHeader(String name, long date) {
	}

	@Override
	public void addDateHeader(String name, long date) {
	}

	@Override
	public void addCookie(Cookie cookie) {
	}

	@Override
	public void setContentType(String type) {
	}

	@Override
	public void setContentLength(int length) {
	}

	@Override
	public void setContentLengthLong(long length) {
	}

	@Override
	public void setCharacterEncoding(String charset) {
	}

	@Override
	public void setLocale(Locale locale) {
	}

	@Override
	public void setBufferSize(int size) {
	}

	@Override
	public void reset() {
	}

}
