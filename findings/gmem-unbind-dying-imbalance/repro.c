// SPDX-License-Identifier: GPL-2.0
/*
 * Reproducer for the invalidation that kvm_gmem_error_folio() begins and never ends when a
 * memslot delete of a dying guest_memfd removes the binding in between: kvm_gmem_unbind()'s
 * `if (!file)` branch calls __kvm_gmem_unbind() without filemap_invalidate_lock(), so the
 * shared lock memory_failure() holds does not keep it out, and kvm_gmem_invalidate_end()'s
 * xa_find() then finds no binding and skips kvm_mmu_invalidate_end().
 * kvm->mmu_invalidate_in_progress stays 1 for the life of the VM. TLC's trace is
 * counterexamples/GuestMemInvalidation/gmem-6.18-mf-release/InvalidationBalancedInv.itf.json.
 *
 * Needs:
 *   - CONFIG_MEMORY_FAILURE and CONFIG_HWPOISON_INJECT, with debugfs mounted
 *     (/sys/kernel/debug/hwpoison/corrupt-pfn and unpoison-pfn);
 *   - root: the debugfs files, and the PFNs in /proc/self/pagemap;
 *   - /dev/kvm with guest_memfd GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED (6.18+), so
 *     that the folio can be allocated and its PFN found through a mapping, and
 *     KVM_CAP_PRE_FAULT_MEMORY (the TDP MMU) to see the leak;
 *   - A DISPOSABLE MACHINE: every round poisons a page (and tries to unpoison it after).
 *
 * Each round, in a child: a VM with one vCPU; a one-page guest_memfd, mapped and touched so that
 * the folio exists, its PFN read from pagemap, then unmapped (the mapping's file reference would
 * keep the file from dying); memslot 0 at gpa 0 bound to it. Then three threads at once:
 *   A  KVM_SET_USER_MEMORY_REGION2 deleting slot 0: slots_lock, synchronize_srcu(), then
 *      kvm_free_memslot() -> kvm_gmem_unbind();
 *   B  close(gmem_fd): the last fput(); kvm_gmem_release() waits for A's slots_lock, so the file
 *      is dying when A unbinds;
 *   C  after a delay that varies by round, the PFN written to corrupt-pfn: memory_failure() ->
 *      kvm_gmem_error_folio(), whose begin must come before A's unbind and its end after.
 * The child then creates slot 0 at gpa 0 again on anonymous memory and pre-faults gpa 0 with a
 * 2 s alarm. A leaked invalidation covers gfn 0, so every fault there returns RET_PF_RETRY and
 * kvm_tdp_map_page() loops until the signal: KVM_PRE_FAULT_MEMORY fails with EINTR.
 *
 * Exit status (kselftest): 0 no leak within the rounds; 1 a leak (reproduced); 4 skipped, with
 * the missing requirement on stdout. Without --disposable it checks what it can and skips.
 *
 *   cc -Wall -Werror -pthread -o repro repro.c && sudo ./repro --disposable [rounds]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* include/uapi/linux/kvm.h (KVMIO = 0xAE), spelled out for older headers. */
#define KVM_CREATE_VM 0xAE01
#define KVM_CHECK_EXTENSION 0xAE03
#define KVM_CREATE_VCPU 0xAE41
#define KVM_CAP_USER_MEMORY2 231
#define KVM_CAP_GUEST_MEMFD 234
#define KVM_CAP_PRE_FAULT_MEMORY 236
#define KVM_CAP_GUEST_MEMFD_FLAGS 244
#define KVM_MEM_GUEST_MEMFD (1U << 2)
#define GUEST_MEMFD_FLAG_MMAP (1ULL << 0)
#define GUEST_MEMFD_FLAG_INIT_SHARED (1ULL << 1)

struct kvm_create_guest_memfd {
	uint64_t size;
	uint64_t flags;
	uint64_t reserved[6];
};

struct kvm_userspace_memory_region2 {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t guest_memfd_offset;
	uint32_t guest_memfd;
	uint32_t pad1;
	uint64_t pad2[14];
};

struct kvm_pre_fault_memory {
	uint64_t gpa;
	uint64_t size;
	uint64_t flags;
	uint64_t padding[5];
};

#define KVM_IOC(dir, nr, size) (((unsigned long)(dir) << 30) | ((size) << 16) | (0xAE << 8) | (nr))
#define KVM_SET_USER_MEMORY_REGION2 KVM_IOC(1, 0x49, sizeof(struct kvm_userspace_memory_region2))
#define KVM_CREATE_GUEST_MEMFD KVM_IOC(3, 0xD4, sizeof(struct kvm_create_guest_memfd))
#define KVM_PRE_FAULT_MEMORY KVM_IOC(3, 0xD5, sizeof(struct kvm_pre_fault_memory))

#define KSFT_PASS 0
#define KSFT_FAIL 1
#define KSFT_SKIP 4
#define CORRUPT_PFN "/sys/kernel/debug/hwpoison/corrupt-pfn"
#define UNPOISON_PFN "/sys/kernel/debug/hwpoison/unpoison-pfn"

static long page_size;
static int vm_fd, vcpu_fd, gmem_fd;
static pthread_barrier_t start;
static unsigned long pfn;
static unsigned int delay_us;

static void skip(const char *why)
{
	printf("ok 1 # SKIP %s\n", why);
	exit(KSFT_SKIP);
}

static void require(void)
{
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	long flags;

	if (kvm < 0)
		skip("cannot open /dev/kvm");
	vm_fd = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm_fd < 0)
		skip("KVM_CREATE_VM fails");
	if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_MEMFD) <= 0 ||
	    ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY2) <= 0)
		skip("no KVM_CAP_GUEST_MEMFD or KVM_CAP_USER_MEMORY2");
	flags = ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_MEMFD_FLAGS);
	if (flags < 0 || (~flags & (GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED)))
		skip("guest_memfd without GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED (needs 6.18)");
	if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_PRE_FAULT_MEMORY) <= 0)
		skip("no KVM_CAP_PRE_FAULT_MEMORY (needs the TDP MMU): the leak could not be seen");
	close(vm_fd);
	close(kvm);
	if (access(CORRUPT_PFN, W_OK))
		skip("no writable " CORRUPT_PFN ": needs CONFIG_MEMORY_FAILURE, CONFIG_HWPOISON_INJECT, debugfs, root");
}

static void die(const char *what)
{
	printf("# %s: %s\n", what, strerror(errno));
	_exit(3);
}

static void set_slot(uint32_t flags, void *hva, int fd, uint64_t size)
{
	struct kvm_userspace_memory_region2 r = { .slot = 0, .flags = flags, .guest_phys_addr = 0,
		.memory_size = size, .userspace_addr = (uintptr_t)hva, .guest_memfd = fd };

	if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION2, &r))
		die("KVM_SET_USER_MEMORY_REGION2");
}

/* The folio's PFN, from /proc/self/pagemap while the page is mapped (bits 0-54; root only). */
static unsigned long pfn_of(void *addr)
{
	uint64_t e;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || pread(fd, &e, sizeof(e), (uintptr_t)addr / page_size * sizeof(e)) != sizeof(e))
		die("pagemap");
	close(fd);
	if (!(e & (1ULL << 63)) || !(e & ((1ULL << 55) - 1)))
		_exit(3);
	return e & ((1ULL << 55) - 1);
}

static void write_pfn(const char *path)
{
	char buf[32];
	int fd = open(path, O_WRONLY);

	if (fd >= 0) {
		snprintf(buf, sizeof(buf), "%#lx\n", pfn);
		if (write(fd, buf, strlen(buf)) < 0)
			printf("# %s: %s\n", path, strerror(errno));
		close(fd);
	}
}

static void *delete_slot(void *arg)
{
	pthread_barrier_wait(&start);
	set_slot(KVM_MEM_GUEST_MEMFD, arg, gmem_fd, 0); /* A: memory_size 0 deletes */
	return NULL;
}

static void *close_gmem(void *arg)
{
	pthread_barrier_wait(&start);
	close(gmem_fd); /* B: the last reference */
	return NULL;
}

static void *poison(void *arg)
{
	pthread_barrier_wait(&start);
	usleep(delay_us);
	write_pfn(CORRUPT_PFN); /* C: memory_failure(pfn) */
	return NULL;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void round_child(void)
{
	struct kvm_create_guest_memfd args = { .size = page_size,
		.flags = GUEST_MEMFD_FLAG_MMAP | GUEST_MEMFD_FLAG_INIT_SHARED };
	struct kvm_pre_fault_memory range = { .gpa = 0, .size = page_size };
	struct sigaction sa = { .sa_handler = on_alarm };
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	pthread_t a, b, c;
	char *mem, *anon;

	vm_fd = ioctl(kvm, KVM_CREATE_VM, 0);
	vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	gmem_fd = ioctl(vm_fd, KVM_CREATE_GUEST_MEMFD, &args);
	anon = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm_fd < 0 || vcpu_fd < 0 || gmem_fd < 0 || anon == MAP_FAILED)
		die("VM setup");
	mem = mmap(NULL, page_size, PROT_READ | PROT_WRITE, MAP_SHARED, gmem_fd, 0);
	if (mem == MAP_FAILED)
		die("mmap(guest_memfd)");
	mem[0] = 1; /* kvm_gmem_fault_user_mapping() allocates the folio */
	pfn = pfn_of(mem);
	munmap(mem, page_size);
	set_slot(KVM_MEM_GUEST_MEMFD, anon, gmem_fd, page_size);

	pthread_barrier_init(&start, NULL, 3);
	if (pthread_create(&a, NULL, delete_slot, anon) || pthread_create(&b, NULL, close_gmem, NULL) ||
	    pthread_create(&c, NULL, poison, NULL))
		die("pthread_create");
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	pthread_join(c, NULL);

	set_slot(0, anon, -1, page_size);
	sigaction(SIGALRM, &sa, NULL);
	alarm(2);
	if (ioctl(vcpu_fd, KVM_PRE_FAULT_MEMORY, &range) < 0 && errno == EINTR) {
		write_pfn(UNPOISON_PFN);
		_exit(1);
	}
	write_pfn(UNPOISON_PFN);
	_exit(0);
}

int main(int argc, char **argv)
{
	int disposable = argc > 1 && !strcmp(argv[1], "--disposable");
	int rounds = argc > 2 ? atoi(argv[2]) : 2000;
	int i;

	page_size = sysconf(_SC_PAGESIZE);
	printf("TAP version 13\n1..1\n");
	require();
	if (!disposable)
		skip("poisons pages: run with --disposable on a disposable machine");
	for (i = 0; i < rounds; i++) {
		pid_t pid;
		int status;

		delay_us = i % 500;
		pid = fork();
		if (pid == 0)
			round_child();
		if (pid < 0 || waitpid(pid, &status, 0) < 0) {
			printf("not ok 1 # fork failed\n");
			return KSFT_FAIL;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
			printf("# round %d: KVM_PRE_FAULT_MEMORY at gpa 0 still retrying after 2 s: the\n"
			       "# invalidation kvm_gmem_error_folio() began was never ended\n", i);
			printf("not ok 1 reproduced: mmu_invalidate_in_progress leaked\n");
			return KSFT_FAIL;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			printf("not ok 1 # round %d failed to set up (status %#x)\n", i, status);
			return KSFT_FAIL;
		}
	}
	printf("ok 1 no leak in %d rounds (the race window is narrow; this shows nothing either way)\n", rounds);
	return KSFT_PASS;
}
