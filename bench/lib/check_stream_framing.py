#!/usr/bin/env python3
"""Checks the chunked framing of GET /stream over many kept-alive connections.

Each of CONNECTIONS connections sends REQUESTS requests one after another and parses every
response: status 200, chunked, 10 KiB of body, a terminating chunk. Prints the number of bad
responses and the first few, e.g. a body that arrived whole but without its last chunk.

Usage: python3 bench/lib/check_stream_framing.py [port] [connections] [requests]
Traffic goes to 127.0.0.1 only; each connection stops at its first bad response.
"""
import socket
import sys
import threading

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8282
CONNECTIONS = int(sys.argv[2]) if len(sys.argv) > 2 else 32
REQUESTS = int(sys.argv[3]) if len(sys.argv) > 3 else 300
BODY_SIZE = 10 * 1024
errors = []


def receive(sock, buf):
    data = sock.recv(65536)
    if not data:
        raise EOFError
    return buf + data


def read_response(sock, buf):
    while b"\r\n\r\n" not in buf:
        buf = receive(sock, buf)
    head, _, buf = buf.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200") or b"chunked" not in head.lower():
        raise ValueError("unexpected head %r" % head[:120])
    body = 0
    while True:
        while b"\r\n" not in buf:
            try:
                buf = receive(sock, buf)
            except EOFError:
                raise ValueError("connection ended after %d body bytes, before the last chunk" % body)
        line, _, buf = buf.partition(b"\r\n")
        size = int(line.split(b";")[0], 16)
        while len(buf) < size + 2:
            buf = receive(sock, buf)
        if buf[size:size + 2] != b"\r\n":
            raise ValueError("chunk not followed by CRLF")
        body += size
        buf = buf[size + 2:]
        if size == 0:
            if body != BODY_SIZE:
                raise ValueError("body of %d bytes" % body)
            return buf


def connection():
    sock = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    buf = b""
    for i in range(REQUESTS):
        sock.sendall(b"GET /stream HTTP/1.1\r\nHost: bench\r\n\r\n")
        try:
            buf = read_response(sock, buf)
        except (ValueError, EOFError, OSError) as ex:
            errors.append("request %d: %s" % (i, ex))
            return
    sock.close()


threads = [threading.Thread(target=connection) for _ in range(CONNECTIONS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("%d bad responses of up to %d" % (len(errors), CONNECTIONS * REQUESTS))
for error in errors[:5]:
    print("  " + error)
