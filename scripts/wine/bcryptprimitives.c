/* A stand-in for Windows' bcryptprimitives.dll, for Wine 8.0 only: Go 1.22
 * and later programs call ProcessPrng from it at start-up, which Wine 8.0's
 * builtin lacks. It forwards to BCryptGenRandom with the system RNG, as
 * Windows' own ProcessPrng does. Built by scripts/windows-test.sh at test
 * time (never committed as a binary) and used only inside its Wine prefix. */
#include <windows.h>

typedef LONG NTSTATUS;
#define BCRYPT_USE_SYSTEM_PREFERRED_RNG 0x00000002

__declspec(dllimport) NTSTATUS WINAPI BCryptGenRandom(void *alg, unsigned char *buf, ULONG len, ULONG flags);

BOOL WINAPI ProcessPrng(unsigned char *buf, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (BCryptGenRandom(NULL, buf, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
			return FALSE;
		buf += n;
		len -= n;
	}
	return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved)
{
	(void)h; (void)reason; (void)reserved;
	return TRUE;
}
