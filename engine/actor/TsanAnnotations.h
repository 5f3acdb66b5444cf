#pragma once

// Qt's libraries are not built with ThreadSanitizer, so the happens-before edges that Qt creates
// inside them (posting an event, waking a thread) are invisible to it. Where our own data crosses
// threads through Qt, these annotations state the edge explicitly. They compile to nothing without
// -fsanitize=thread.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void *addr);
extern "C" void __tsan_release(void *addr);
#define AIRDISPLAY_TSAN_RELEASE(addr) __tsan_release(const_cast<void *>(static_cast<const void *>(addr)))
#define AIRDISPLAY_TSAN_ACQUIRE(addr) __tsan_acquire(const_cast<void *>(static_cast<const void *>(addr)))
#else
#define AIRDISPLAY_TSAN_RELEASE(addr) ((void)0)
#define AIRDISPLAY_TSAN_ACQUIRE(addr) ((void)0)
#endif
