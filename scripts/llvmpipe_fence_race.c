/* Widens llvmpipe's use-after-free window (Mesa 22.3 and later's lp_fence.c) so it shows in seconds, and says when it
 * is hit (docs/LAB.md, the hunts).
 *
 *     gcc -O1 -shared -fPIC -o /tmp/llvmpipe_fence_race.so scripts/llvmpipe_fence_race.c -ldl -pthread
 *     LD_PRELOAD=/tmp/llvmpipe_fence_race.so python -m ganlab_gl lab --play 2> race.log
 *
 * A rasterizer thread ends a scene in lp_fence_signal: under the fence's mutex, count++ then cnd_broadcast. The
 * window's thread reads count == rank without that mutex (lp_fence_signalled: llvmpipe_fence_finish's early return,
 * lp_setup_get_empty_scene's scene reuse), drops its references and, at its next flush, lp_rast_queue_scene drops
 * the last one: lp_fence_destroy frees the fence while the broadcast is still to come. Here each broadcast of a
 * thread named llvmpipe-N waits LP_RACE_DELAY_US (default 3000) first; a pthread_cond_destroy of that condition
 * variable meanwhile prints the destroying thread's stack, and the broadcast then prints its own (LP_RACE_SKIP=1:
 * it is skipped, so the process runs on to count more). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 64 /* broadcasts waiting at once */
static _Atomic(void *) pending[SLOTS];
static atomic_int destroyed[SLOTS];
static atomic_long delayed, caught;

static int rasterizer_thread(void) {
    char name[16] = "";
    pthread_getname_np(pthread_self(), name, sizeof name);
    return strncmp(name, "llvmpipe-", 9) == 0;
}

static void print_stack(const char *what) {
    void *frames[48];
    int count = backtrace(frames, 48);
    char name[16] = "";
    pthread_getname_np(pthread_self(), name, sizeof name);
    fprintf(stderr, "[fence race] %s (thread %s)\n", what, name);
    backtrace_symbols_fd(frames, count, 2);
}

int pthread_cond_broadcast(pthread_cond_t *cond) {
    /* the current condition variables (dlsym alone would find glibc's 2.2.5 compatibility one) */
    static int (*broadcast)(pthread_cond_t *);
    static long delay_us = -1;
    if (!broadcast) broadcast = dlvsym(RTLD_NEXT, "pthread_cond_broadcast", "GLIBC_2.3.2");
    if (delay_us < 0) delay_us = getenv("LP_RACE_DELAY_US") ? atol(getenv("LP_RACE_DELAY_US")) : 3000;
    if (!rasterizer_thread()) return broadcast(cond);
    int slot = -1;
    for (int i = 0; i < SLOTS && slot < 0; i++) {
        void *empty = NULL;
        if (atomic_compare_exchange_strong(&pending[i], &empty, cond)) slot = i;
    }
    if (slot < 0) return broadcast(cond);
    atomic_store(&destroyed[slot], 0);
    atomic_fetch_add(&delayed, 1);
    usleep(delay_us);
    int was_destroyed = atomic_load(&destroyed[slot]);
    atomic_store(&pending[slot], NULL);
    if (was_destroyed) {
        Dl_info caller;
        void *address = __builtin_return_address(0);
        dladdr(address, &caller);
        fprintf(stderr, "[fence race] broadcast on destroyed cond %p from %s+0x%lx (%ld of %ld delayed)\n",
                (void *)cond, caller.dli_fname, (unsigned long)((char *)address - (char *)caller.dli_fbase),
                atomic_fetch_add(&caught, 1) + 1, atomic_load(&delayed));
        print_stack("broadcaster");
        if (getenv("LP_RACE_SKIP")) return 0;
    }
    return broadcast(cond);
}

int pthread_cond_destroy(pthread_cond_t *cond) {
    static int (*destroy)(pthread_cond_t *);
    if (!destroy) destroy = dlvsym(RTLD_NEXT, "pthread_cond_destroy", "GLIBC_2.3.2");
    for (int i = 0; i < SLOTS; i++) {
        if (atomic_load(&pending[i]) == cond) {
            atomic_store(&destroyed[i], 1);
            print_stack("destroys a cond that an llvmpipe thread is about to broadcast on");
        }
    }
    return destroy(cond);
}
