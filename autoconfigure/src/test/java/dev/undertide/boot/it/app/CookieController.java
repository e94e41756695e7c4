package dev.undertide.boot.it.app;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/cookies")
public class CookieController {

	@GetMapping("/read")
	public String read(@CookieValue("flavour") String flavour, @CookieValue("size") String size) {
		return flavour + "/" + size;
	}

	@GetMapping("/response-cookie")
	public ResponseEntity<String> responseCookie() {
		ResponseCookie cookie = ResponseCookie.from("token", "abc123")
			.maxAge(Duration.ofHours(1))
			.path("/cookies")
			.httpOnly(true)
			.sameSite("Lax")
			.build();
		return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.toString()).body("set");
	}

	@GetMapping("/servlet-cookie")
	public String servletCookie(HttpServletResponse response) {
		Cookie cookie = new Cookie("servlet", "xyz789");
		cookie.setMaxAge(120);
		cookie.setPath("/cookies");
		cookie.setHttpOnly(true);
		cookie.setAttribute("SameSite", "Strict");
		response.addCookie(cookie);
		return "set";
	}

}
