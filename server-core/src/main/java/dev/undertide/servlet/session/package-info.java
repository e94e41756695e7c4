/**
 * In-memory {@link jakarta.servlet.http.HttpSession} support: session storage, expiry,
 * session events and session cookie configuration.
 */
@NullMarked
package dev.undertide.servlet.session;

import org.jspecify.annotations.NullMarked;
