/*
 * sealcheck mm child: the process whose mm holds the live-kernel oracle's mappings.
 *
 * The oracle (a JVM) makes the file syscalls itself, but a load or store through a mapping can
 * raise SIGBUS (past EOF, private guest_memfd memory) or SIGSEGV (no VM_WRITE), and a JVM does not
 * survive either. So mmap(), mprotect(), munmap() and every access happen here, in a process of
 * its own: a fault is caught by a SIGBUS/SIGSEGV handler, reported as the signal number, and the
 * child carries on with its mappings intact (the faulting access had no effect, as for a process
 * whose handler skips the instruction). One request at a time, single-threaded, so the
 * siglongjmp() out of the handler is safe.
 *
 * Protocol: a SOCK_SEQPACKET connection to the abstract unix socket named by argv[1]. Each request
 * is one struct mm_req; MM_MMAP carries the file in an SCM_RIGHTS message, which the child closes
 * right after mmap() (the mapping holds its own reference, as in a process that closes the fd
 * after mapping it: a close of the oracle's fd still releases the file if nothing is mapped).
 * Each reply is one struct mm_resp, followed by the bytes loaded for MM_LOAD.
 * EOF on the socket ends the child.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

enum { MM_MMAP = 1, MM_MPROTECT = 2, MM_MUNMAP = 3, MM_LOAD = 4, MM_STORE = 5, MM_RESET = 6 };
enum { SLOTS = 64, MAX_LOAD = 1 << 20 };

struct mm_req {
  uint32_t op;
  uint32_t slot;
  int32_t prot;
  int32_t flags;
  uint64_t len;
  uint64_t off;
  uint32_t value;
  uint32_t pad;
};

struct mm_resp {
  int64_t ret; /* 0, or -errno */
  int32_t sig; /* 0, SIGBUS or SIGSEGV: the access faulted */
  uint32_t n;  /* bytes of data that follow */
};

static struct {
  char *addr;
  size_t len;
} slot[SLOTS];

static sigjmp_buf fault_jmp;
static volatile sig_atomic_t armed;
static char buf[sizeof(struct mm_resp) + MAX_LOAD];

static void on_fault(int sig) {
  if (!armed) {
    /* A fault outside an access is a bug of this program: die of it. */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  armed = 0;
  siglongjmp(fault_jmp, sig);
}

/* Reads the request, and the fd of an MM_MMAP (or -1). 0 at EOF. */
static ssize_t receive(int sock, struct mm_req *req, int *fd) {
  char control[CMSG_SPACE(sizeof(int))];
  struct iovec iov = {.iov_base = req, .iov_len = sizeof(*req)};
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                       .msg_controllen = sizeof(control)};
  ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  *fd = -1;
  for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); n > 0 && c != NULL; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      memcpy(fd, CMSG_DATA(c), sizeof(int));
    }
  }
  return n;
}

/* The access, with the handler armed: returns 0 or the signal it raised. */
static int access_range(const struct mm_req *req, char *out) {
  volatile int sig = sigsetjmp(fault_jmp, 1);
  if (sig != 0) {
    return sig;
  }
  armed = 1;
  volatile char *p = slot[req->slot].addr + req->off;
  if (req->op == MM_LOAD) {
    for (uint64_t i = 0; i < req->len; i++) {
      out[i] = p[i];
    }
  } else {
    for (uint64_t i = 0; i < req->len; i++) {
      p[i] = (char) req->value;
    }
  }
  armed = 0;
  return 0;
}

static void serve(int sock) {
  for (;;) {
    struct mm_req req;
    int fd;
    ssize_t got = receive(sock, &req, &fd);
    if (got == 0) {
      return;
    }
    if (got < 0) {
      perror("sealcheck mm child: recvmsg");
      exit(1);
    }
    struct mm_resp *resp = (struct mm_resp *) buf;
    memset(resp, 0, sizeof(*resp));
    if (got != sizeof(req) || (req.op != MM_RESET && req.slot >= SLOTS)) {
      resp->ret = -EPROTO;
    } else if (req.op == MM_MMAP) {
      if (fd < 0) {
        resp->ret = -EBADF;
      } else if (slot[req.slot].addr != NULL) {
        resp->ret = -EEXIST;
      } else {
        void *a = mmap(NULL, req.len, req.prot, req.flags, fd, (off_t) req.off);
        if (a == MAP_FAILED) {
          resp->ret = -errno;
        } else {
          slot[req.slot].addr = a;
          slot[req.slot].len = req.len;
        }
      }
    } else if (req.op == MM_RESET) {
      for (int s = 0; s < SLOTS; s++) {
        if (slot[s].addr != NULL) {
          munmap(slot[s].addr, slot[s].len);
          slot[s].addr = NULL;
        }
      }
    } else if (slot[req.slot].addr == NULL) {
      resp->ret = -ENXIO;
    } else if (req.op == MM_MPROTECT) {
      resp->ret = mprotect(slot[req.slot].addr, slot[req.slot].len, req.prot) == 0 ? 0 : -errno;
    } else if (req.op == MM_MUNMAP) {
      resp->ret = munmap(slot[req.slot].addr, slot[req.slot].len) == 0 ? 0 : -errno;
      if (resp->ret == 0) {
        slot[req.slot].addr = NULL;
      }
    } else if ((req.op == MM_LOAD || req.op == MM_STORE) && req.len <= MAX_LOAD
               && req.off + req.len <= slot[req.slot].len) {
      resp->sig = access_range(&req, buf + sizeof(*resp));
      resp->n = req.op == MM_LOAD && resp->sig == 0 ? (uint32_t) req.len : 0;
    } else {
      resp->ret = -EINVAL;
    }
    if (fd >= 0) {
      close(fd);
    }
    if (send(sock, buf, sizeof(*resp) + resp->n, 0) < 0) {
      perror("sealcheck mm child: send");
      exit(1);
    }
  }
}

int main(int argc, char **argv) {
  if (argc != 2 || strlen(argv[1]) + 1 >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
    fprintf(stderr, "usage: sealcheck-mm-child SOCKET-NAME\n");
    return 2;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_fault;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGBUS, &sa, NULL);
  sigaction(SIGSEGV, &sa, NULL);

  struct sockaddr_un addr;
  memset(&addr, 0, sizeof(addr));
  addr.sun_family = AF_UNIX;
  size_t len = strlen(argv[1]);
  memcpy(addr.sun_path + 1, argv[1], len); /* abstract namespace: sun_path[0] = 0 */
  int sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (sock < 0 || connect(sock, (struct sockaddr *) &addr, offsetof(struct sockaddr_un, sun_path) + 1 + len) < 0) {
    perror("sealcheck mm child: connect");
    return 1;
  }
  serve(sock);
  return 0;
}
