#pragma once

// What the fake Aktiv-style module (FakeRutokenModule.cpp) says about its one token; the test
// sets it through the module's exported fakeRutokenSet() before asking.
struct FakeRutokenFacts
{
    const char* reader; // the slot description
    unsigned long tokenType; // CK_TOKEN_INFO_EXTENDED.ulTokenType
    unsigned long tokenClass;
    unsigned long flags; // TOKEN_FLAGS_*
    unsigned char hardware[2];
    unsigned char firmware[2];
    unsigned char serial[8]; // big-endian, as the extended structure carries it
    const char* serialText; // CK_TOKEN_INFO.serialNumber
    unsigned long filledSize; // what ulSizeofThisStructure says on return; 0: the whole structure
    bool hardwareFeature; // the token-info hardware feature object exists
    unsigned long currentInterface;
    unsigned long supportedInterfaces;
    const char* modelName; // CKA_VENDOR_MODEL_NAME; null: no such attribute
    bool gostKeyGeneration; // CKM_GOSTR3410_KEY_PAIR_GEN in the mechanism list
};

using FakeRutokenSet = void (*)(const FakeRutokenFacts*);
