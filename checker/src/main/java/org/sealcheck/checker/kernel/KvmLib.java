package org.sealcheck.checker.kernel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The glibc calls the guest_memfd oracle makes on /dev/kvm, a VM and a guest_memfd (LP64 Linux).
 * Without {@code throws LastErrorException}: a call returns -1 and errno is read with {@link
 * Native#getLastError()}, per thread. ioctl() is variadic in C; one fixed third argument, a long
 * or a pointer, is what the LP64 calling conventions pass anyway.
 */
interface KvmLib extends Library {
  KvmLib I = Native.load("c", KvmLib.class);

  int O_RDWR = 2;
  int O_CLOEXEC = 0x80000;

  // include/uapi/linux/kvm.h (KVMIO = 0xAE); _IOW/_IOWR: dir << 30 | size << 16 | type << 8 | nr.
  long KVM_CREATE_VM = 0xAE01L;
  long KVM_CHECK_EXTENSION = 0xAE03L;
  /** _IOWR(KVMIO, 0xd4, struct kvm_create_guest_memfd): 64 bytes. */
  long KVM_CREATE_GUEST_MEMFD = (3L << 30) | (64L << 16) | (0xAEL << 8) | 0xD4L;
  /** _IOW(KVMIO, 0x49, struct kvm_userspace_memory_region2): 160 bytes. */
  long KVM_SET_USER_MEMORY_REGION2 = (1L << 30) | (160L << 16) | (0xAEL << 8) | 0x49L;
  int KVM_CAP_USER_MEMORY2 = 231;
  int KVM_CAP_GUEST_MEMFD = 234;
  int KVM_CAP_GUEST_MEMFD_FLAGS = 244;

  int open(String path, int flags, int mode);

  int close(int fd);

  int ioctl(int fd, long request, long arg);

  int ioctl(int fd, long request, Pointer arg);

  int fallocate(int fd, int mode, long offset, long len);
}
