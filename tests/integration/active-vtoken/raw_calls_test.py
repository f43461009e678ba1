"""libvtoken-pkcs11.so called the way C clients call a module, through ctypes in a fresh process.

- Every function of the CK_FUNCTION_LIST is also an exported symbol, and the very function the
  list points to (some clients dlsym C_Initialize, C_Sign, ... instead of using the list).
- The first C_GetSlotList of a process may come with a buffer (p11-kit and GnuTLS call it that
  way): it lists every token.
- The legacy C_GetFunctionStatus / C_CancelFunction answer CKR_FUNCTION_NOT_PARALLEL, exported
  and through the function list.

    raw_calls_test.py MODULE      (under scripts/with-virtual-tokens.sh; VTOKEN_COUNT tokens)
"""
import ctypes
import os
import sys
import unittest

MODULE = sys.argv.pop(1)

# CK_FUNCTION_LIST of PKCS#11 v2.40, in order.
FUNCTIONS = """
C_Initialize C_Finalize C_GetInfo C_GetFunctionList C_GetSlotList C_GetSlotInfo C_GetTokenInfo
C_GetMechanismList C_GetMechanismInfo C_InitToken C_InitPIN C_SetPIN C_OpenSession
C_CloseSession C_CloseAllSessions C_GetSessionInfo C_GetOperationState C_SetOperationState
C_Login C_Logout C_CreateObject C_CopyObject C_DestroyObject C_GetObjectSize C_GetAttributeValue
C_SetAttributeValue C_FindObjectsInit C_FindObjects C_FindObjectsFinal C_EncryptInit C_Encrypt
C_EncryptUpdate C_EncryptFinal C_DecryptInit C_Decrypt C_DecryptUpdate C_DecryptFinal
C_DigestInit C_Digest C_DigestUpdate C_DigestKey C_DigestFinal C_SignInit C_Sign C_SignUpdate
C_SignFinal C_SignRecoverInit C_SignRecover C_VerifyInit C_Verify C_VerifyUpdate C_VerifyFinal
C_VerifyRecoverInit C_VerifyRecover C_DigestEncryptUpdate C_DecryptDigestUpdate
C_SignEncryptUpdate C_DecryptVerifyUpdate C_GenerateKey C_GenerateKeyPair C_WrapKey C_UnwrapKey
C_DeriveKey C_SeedRandom C_GenerateRandom C_GetFunctionStatus C_CancelFunction
C_WaitForSlotEvent
""".split()

CKR_OK = 0
CKR_FUNCTION_NOT_PARALLEL = 0x51
CKF_SERIAL_SESSION = 0x4
CK_ULONG = ctypes.c_ulong


class FunctionList(ctypes.Structure):
    _fields_ = [("major", ctypes.c_ubyte), ("minor", ctypes.c_ubyte)] + [
        (name, ctypes.c_void_p) for name in FUNCTIONS]


class RawCalls(unittest.TestCase):
    # One process, one module state: the slot list case runs first (unittest sorts by name).

    @classmethod
    def setUpClass(cls):
        cls.lib = ctypes.CDLL(MODULE)
        for name in ("C_Initialize", "C_Finalize", "C_GetSlotList", "C_OpenSession",
                     "C_CloseSession", "C_GetFunctionStatus", "C_CancelFunction"):
            getattr(cls.lib, name).restype = CK_ULONG
        cls.lib.C_GetSlotList.argtypes = [ctypes.c_ubyte, ctypes.POINTER(CK_ULONG),
                                          ctypes.POINTER(CK_ULONG)]
        cls.lib.C_OpenSession.argtypes = [CK_ULONG, CK_ULONG, ctypes.c_void_p, ctypes.c_void_p,
                                          ctypes.POINTER(CK_ULONG)]
        cls.lib.C_GetFunctionStatus.argtypes = [CK_ULONG]
        cls.lib.C_CancelFunction.argtypes = [CK_ULONG]
        cls.lib.C_CloseSession.argtypes = [CK_ULONG]
        assert cls.lib.C_Initialize(None) == CKR_OK

    @classmethod
    def tearDownClass(cls):
        cls.lib.C_Finalize(None)

    def test_1_first_slot_list_with_a_buffer_lists_every_token(self):
        slots = (CK_ULONG * 16)()
        count = CK_ULONG(len(slots))
        self.assertEqual(self.lib.C_GetSlotList(1, slots, ctypes.byref(count)), CKR_OK)
        self.assertEqual(count.value, int(os.environ["VTOKEN_COUNT"]))
        size = CK_ULONG(0)
        self.assertEqual(self.lib.C_GetSlotList(1, None, ctypes.byref(size)), CKR_OK)
        self.assertEqual(size.value, count.value)

    def test_2_every_listed_function_is_exported_as_itself(self):
        get = self.lib.C_GetFunctionList
        get.restype = CK_ULONG
        get.argtypes = [ctypes.POINTER(ctypes.POINTER(FunctionList))]
        listed = ctypes.POINTER(FunctionList)()
        self.assertEqual(get(ctypes.byref(listed)), CKR_OK)
        self.assertEqual((listed.contents.major, listed.contents.minor), (2, 40))
        for name in FUNCTIONS:
            with self.subTest(name):
                exported = ctypes.cast(getattr(self.lib, name), ctypes.c_void_p).value
                self.assertIsNotNone(exported)
                self.assertEqual(getattr(listed.contents, name), exported)

    def test_3_legacy_parallel_functions(self):
        slots = (CK_ULONG * 16)()
        count = CK_ULONG(len(slots))
        self.assertEqual(self.lib.C_GetSlotList(1, slots, ctypes.byref(count)), CKR_OK)
        session = CK_ULONG()
        self.assertEqual(self.lib.C_OpenSession(slots[0], CKF_SERIAL_SESSION, None, None,
                                                ctypes.byref(session)), CKR_OK)
        self.assertEqual(self.lib.C_GetFunctionStatus(session), CKR_FUNCTION_NOT_PARALLEL)
        self.assertEqual(self.lib.C_CancelFunction(session), CKR_FUNCTION_NOT_PARALLEL)
        # The same through the function list, as most clients call.
        get = self.lib.C_GetFunctionList
        get.restype = CK_ULONG
        get.argtypes = [ctypes.POINTER(ctypes.POINTER(FunctionList))]
        listed = ctypes.POINTER(FunctionList)()
        self.assertEqual(get(ctypes.byref(listed)), CKR_OK)
        call = ctypes.CFUNCTYPE(CK_ULONG, CK_ULONG)
        for name in ("C_GetFunctionStatus", "C_CancelFunction"):
            with self.subTest(name):
                self.assertEqual(call(getattr(listed.contents, name))(session),
                                 CKR_FUNCTION_NOT_PARALLEL)
        self.assertEqual(self.lib.C_CloseSession(session), CKR_OK)


if __name__ == "__main__":
    unittest.main(verbosity=2)
