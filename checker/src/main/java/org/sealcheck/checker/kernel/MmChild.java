package org.sealcheck.checker.kernel;

import com.google.common.hash.Hashing;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child process that owns the oracle's mappings (mm-child.c, compiled with cc on first use and
 * cached by the hash of its source): mmap(), mprotect(), munmap(), and loads and stores through a
 * mapping run there, so a SIGBUS or SIGSEGV is a result the child reports, not the end of the JVM.
 * Mappings live in numbered slots. A file is passed by SCM_RIGHTS, so the child maps the oracle's
 * own open file (same struct file, same f_mode); the child closes its copy after mmap().
 *
 * <p>Requests go over a SOCK_SEQPACKET connection, one at a time, with a 10-second receive timeout:
 * a child that dies or hangs is an {@link IllegalStateException}, never a hang or a wrong result.
 */
final class MmChild implements AutoCloseable {

  /** The outcome of a load or store: {@code signal} 0, SIGBUS (7) or SIGSEGV (11); the bytes loaded. */
  record Access(int signal, byte[] data) {}

  static final int SIGBUS = 7;
  static final int SIGSEGV = 11;

  private static final LibC C = LibC.I;
  private static final String SOURCE = "mm-child.c";
  private static final int MM_MMAP = 1;
  private static final int MM_MPROTECT = 2;
  private static final int MM_MUNMAP = 3;
  private static final int MM_LOAD = 4;
  private static final int MM_STORE = 5;
  private static final int MM_RESET = 6;
  private static final int REQ = 40;
  private static final int RESP = 16;
  private static final int MAX_LOAD = 1 << 20;
  // A dead child is EPIPE, not a SIGPIPE to the JVM.
  private static final int MSG_NOSIGNAL = 0x4000;

  private final Process process;
  private final int sock;
  private final Memory req = new Memory(REQ);
  private final Memory resp = new Memory(RESP + MAX_LOAD);
  private final Memory iov = new Memory(16);
  private final Memory control = new Memory(24);
  private final Memory msg = new Memory(56);

  private MmChild(Process process, int sock) {
    this.process = process;
    this.sock = sock;
  }

  /** Compiles (once) and starts the child, and accepts its connection. */
  static MmChild start() throws OracleUnavailable {
    Path exe = executable();
    int listener = C.socket(LibC.AF_UNIX, LibC.SOCK_SEQPACKET | LibC.SOCK_CLOEXEC, 0);
    if (listener < 0) {
      throw new OracleUnavailable("socket(AF_UNIX, SOCK_SEQPACKET): errno " + Native.getLastError());
    }
    Process p = null;
    try {
      byte[] rnd = new byte[12];
      new SecureRandom().nextBytes(rnd);
      String name = "sealcheck-mm-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(rnd);
      byte[] n = name.getBytes(StandardCharsets.US_ASCII);
      // struct sockaddr_un in the abstract namespace: sun_family, then a 0 byte, then the name.
      Memory addr = new Memory(2 + 1 + n.length);
      addr.clear();
      addr.setShort(0, (short) LibC.AF_UNIX);
      addr.write(3, n, 0, n.length);
      if (C.bind(listener, addr, (int) addr.size()) < 0 || C.listen(listener, 1) < 0) {
        throw new OracleUnavailable("bind/listen on an abstract unix socket: errno " + Native.getLastError());
      }
      timeout(listener);
      p = new ProcessBuilder(exe.toString(), name).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      int sock = C.accept4(listener, null, null, LibC.SOCK_CLOEXEC);
      if (sock < 0) {
        throw new OracleUnavailable("the mm child did not connect: errno " + Native.getLastError());
      }
      // Only our child may be the other end (the abstract name is guessable only in principle).
      Memory cred = new Memory(12);
      Memory len = new Memory(4);
      len.setInt(0, 12);
      if (C.getsockopt(sock, LibC.SOL_SOCKET, LibC.SO_PEERCRED, cred, len) < 0 || cred.getInt(0) != p.pid()) {
        C.close(sock);
        throw new OracleUnavailable("a process other than the mm child connected to its socket");
      }
      timeout(sock);
      MmChild child = new MmChild(p, sock);
      p = null;
      return child;
    } catch (IOException e) {
      throw new OracleUnavailable("cannot start the mm child " + exe + ": " + e.getMessage());
    } finally {
      C.close(listener);
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  /** mmap(NULL, len, prot, flags, fd, off) in the child, into {@code slot}: 0 or -errno. */
  long mmap(int slot, int fd, long len, int prot, int flags, long off) {
    return call(MM_MMAP, slot, prot, flags, len, off, 0, fd).ret;
  }

  /** mprotect() of the whole mapping in {@code slot}: 0 or -errno. */
  long mprotect(int slot, int prot) {
    return call(MM_MPROTECT, slot, prot, 0, 0, 0, 0, -1).ret;
  }

  /** munmap() of the whole mapping in {@code slot}: 0 or -errno. */
  long munmap(int slot) {
    return call(MM_MUNMAP, slot, 0, 0, 0, 0, 0, -1).ret;
  }

  /** Loads {@code len} bytes at {@code off} into the mapping. */
  Access load(int slot, long off, long len) {
    Reply r = call(MM_LOAD, slot, 0, 0, len, off, 0, -1);
    return new Access(r.signal, r.data);
  }

  /** Stores {@code len} copies of {@code value} at {@code off} into the mapping. */
  Access store(int slot, long off, long len, byte value) {
    Reply r = call(MM_STORE, slot, 0, 0, len, off, value & 0xff, -1);
    return new Access(r.signal, r.data);
  }

  /** The child's pid. */
  long pid() {
    return process.pid();
  }

  /** munmap()s every slot. */
  void reset() {
    call(MM_RESET, 0, 0, 0, 0, 0, 0, -1);
  }

  /** Closing the socket ends the child, which unmaps everything by exiting. */
  @Override
  public void close() {
    C.close(sock);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private record Reply(long ret, int signal, byte[] data) {}

  private Reply call(int op, int slot, int prot, int flags, long len, long off, int value, int fd) {
    if (len > MAX_LOAD && op == MM_LOAD) {
      throw new IllegalArgumentException("a load of at most " + MAX_LOAD + " bytes, not " + len);
    }
    req.setInt(0, op);
    req.setInt(4, slot);
    req.setInt(8, prot);
    req.setInt(12, flags);
    req.setLong(16, len);
    req.setLong(24, off);
    req.setInt(32, value);
    req.setInt(36, 0);
    // struct msghdr (LP64): name, namelen, iov, iovlen, control, controllen, flags.
    iov.setPointer(0, req);
    iov.setLong(8, REQ);
    msg.clear();
    msg.setPointer(16, iov);
    msg.setLong(24, 1);
    if (fd >= 0) {
      // One struct cmsghdr: cmsg_len = CMSG_LEN(sizeof(int)) = 20, SOL_SOCKET, SCM_RIGHTS, the fd.
      control.clear();
      control.setLong(0, 20);
      control.setInt(8, LibC.SOL_SOCKET);
      control.setInt(12, LibC.SCM_RIGHTS);
      control.setInt(16, fd);
      msg.setPointer(32, control);
      msg.setLong(40, 24);
    }
    if (C.sendmsg(sock, msg, MSG_NOSIGNAL) != REQ) {
      throw dead("sendmsg", Native.getLastError());
    }
    long n = C.recv(sock, resp, resp.size(), 0);
    if (n < RESP) {
      throw dead("recv", n < 0 ? Native.getLastError() : 0);
    }
    long ret = resp.getLong(0);
    int signal = resp.getInt(8);
    int data = resp.getInt(12);
    if (ret == -71) {
      throw new IllegalStateException("the mm child did not understand request " + op + " (EPROTO)");
    }
    return new Reply(ret, signal, resp.getByteArray(RESP, data));
  }

  private IllegalStateException dead(String call, int errno) {
    String how = process.isAlive() ? "does not answer" : "exited with status " + process.exitValue();
    return new IllegalStateException("the mm child " + how + " (" + call + ": errno " + errno + ")");
  }

  private static void timeout(int fd) {
    Memory tv = new Memory(16);
    tv.setLong(0, 10);
    tv.setLong(8, 0);
    C.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, tv, 16);
  }

  /**
   * The compiled child, cached under ~/.cache/sealcheck (or java.io.tmpdir) by the hash of its
   * source, compiled with {@code cc -O2 -Wall -Wextra -Werror} if missing.
   */
  private static Path executable() throws OracleUnavailable {
    byte[] source;
    try (InputStream in = MmChild.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new OracleUnavailable(SOURCE + " is missing from the jar");
      }
      source = in.readAllBytes();
    } catch (IOException e) {
      throw new OracleUnavailable("cannot read " + SOURCE + ": " + e.getMessage());
    }
    String hash = Hashing.sha256().hashBytes(source).toString().substring(0, 16);
    Path dir = cacheDir();
    Path exe = dir.resolve("mm-child-" + hash);
    if (Files.isExecutable(exe)) {
      return exe;
    }
    try {
      Files.createDirectories(dir);
      Path src = Files.createTempFile(dir, "mm-child-", ".c");
      Path out = Path.of(src.toString().replaceFirst("\\.c$", ".out"));
      try {
        Files.write(src, source);
        Process cc = new ProcessBuilder(List.of("cc", "-O2", "-Wall", "-Wextra", "-Werror", "-o", out.toString(),
            src.toString())).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (cc.waitFor() != 0) {
          throw new OracleUnavailable("cc could not compile " + SOURCE + ": " + log.lines().findFirst().orElse(""));
        }
        try {
          Files.move(out, exe, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(out, exe, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(src);
        Files.deleteIfExists(out);
      }
      return exe;
    } catch (IOException e) {
      throw new OracleUnavailable("no C compiler to build the mm child (the process that makes the accesses that can"
          + " fault): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OracleUnavailable("interrupted while compiling " + SOURCE);
    }
  }

  private static Path cacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path home = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    Path dir = home.resolve("sealcheck");
    return Files.isWritable(home) || Files.isWritable(dir) ? dir : Path.of(System.getProperty("java.io.tmpdir"),
        "sealcheck-" + System.getProperty("user.name"));
  }
}
