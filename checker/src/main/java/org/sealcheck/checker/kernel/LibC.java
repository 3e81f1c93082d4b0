package org.sealcheck.checker.kernel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The glibc calls the oracle makes (x86_64 and other LP64 Linux: long is 64 bits); mappings are
 * the {@link MmChild}'s. Without {@code throws LastErrorException}: a call returns -1 and errno is
 * read with {@link Native#getLastError()}, per thread. fcntl() and open() are variadic in C; a fixed third
 * argument is what the LP64 calling conventions pass anyway.
 */
interface LibC extends Library {
  LibC I = Native.load("c", LibC.class);

  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  int MFD_CLOEXEC = 0x1;
  int F_ADD_SEALS = 1033;
  int F_GET_SEALS = 1034;
  int PROT_READ = 0x1;
  int PROT_WRITE = 0x2;
  int MAP_SHARED = 0x01;
  int MAP_PRIVATE = 0x02;
  int SC_PAGESIZE = 30;
  int AF_UNIX = 1;
  int SOCK_SEQPACKET = 5;
  int SOCK_CLOEXEC = 0x80000;
  int SOL_SOCKET = 1;
  int SCM_RIGHTS = 1;
  int SO_PEERCRED = 17;
  int SO_RCVTIMEO = 20;

  int memfd_create(String name, int flags);

  int open(String path, int flags, int mode);

  int close(int fd);

  int fcntl(int fd, int cmd, int arg);

  long pwrite(int fd, Pointer buf, long n, long off);

  long pread(int fd, Pointer buf, long n, long off);

  int ftruncate(int fd, long len);

  int fchmod(int fd, int mode);

  int fallocate(int fd, int mode, long off, long len);

  /** The size as fstat() sees it, through lseek(SEEK_END): no struct stat layout needed. */
  long lseek(int fd, long off, int whence);

  long sysconf(int name);

  int socket(int domain, int type, int protocol);

  int bind(int fd, Pointer addr, int len);

  int listen(int fd, int backlog);

  int accept4(int fd, Pointer addr, Pointer len, int flags);

  int setsockopt(int fd, int level, int name, Pointer val, int len);

  int getsockopt(int fd, int level, int name, Pointer val, Pointer len);

  long sendmsg(int fd, Pointer msg, int flags);

  long recv(int fd, Pointer buf, long n, int flags);

}
