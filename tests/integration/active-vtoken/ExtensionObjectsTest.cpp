// The token-info hardware feature object of Aktiv's extension (interfaces, model name), and
// certificates and data objects on every model (on Rutoken S and Lite kept in the card's file
// system), through libvtoken-pkcs11.so on every token of the run (ExtensionSupport.hpp).
#include "ExtensionSupport.hpp"

#include <algorithm>
#include <cstring>

using namespace extension_test;

TEST(Extension, HardwareFeatureObjectNamesTheModelAndItsInterfaces)
{
    for (const Token& t : tokens()) {
        SCOPED_TRACE(t.model + " " + t.connection);
        CK_SESSION_HANDLE session;
        ASSERT_EQ(module->p11->C_OpenSession(
                      t.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session),
            CKR_OK);
        CK_OBJECT_CLASS cls = CKO_HW_FEATURE;
        CK_HW_FEATURE_TYPE type = CKH_VENDOR_TOKEN_INFO;
        CK_ATTRIBUTE filter[] = { ulongAttribute(CKA_CLASS, cls),
            ulongAttribute(CKA_HW_FEATURE_TYPE, type) };
        ASSERT_EQ(module->p11->C_FindObjectsInit(session, filter, 2), CKR_OK);
        CK_OBJECT_HANDLE found[4];
        CK_ULONG count = 0;
        ASSERT_EQ(module->p11->C_FindObjects(session, found, 4, &count), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjectsFinal(session), CKR_OK);
        ASSERT_EQ(count, 1u);
        const CK_OBJECT_HANDLE feature = found[0];

        CK_ULONG current = 0, supported = 0;
        CK_ATTRIBUTE interfaces[] = { ulongAttribute(CKA_VENDOR_CURRENT_TOKEN_INTERFACE, current),
            ulongAttribute(CKA_VENDOR_SUPPORTED_TOKEN_INTERFACE, supported) };
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, feature, interfaces, 2), CKR_OK);
        EXPECT_EQ(current, t.connection == "nfc" ? NFC : t.expected->contactInterface);
        EXPECT_EQ(supported, t.expected->supportedInterfaces);

        CK_ATTRIBUTE name = { CKA_VENDOR_MODEL_NAME, nullptr, 0 };
        const CK_RV rv = module->p11->C_GetAttributeValue(session, feature, &name, 1);
        if (*t.expected->name == '\0') {
            EXPECT_EQ(rv, CKR_ATTRIBUTE_TYPE_INVALID) << "a name only from firmware 32";
        } else {
            ASSERT_EQ(rv, CKR_OK);
            std::string value(name.ulValueLen, '\0');
            name.pValue = value.data();
            ASSERT_EQ(module->p11->C_GetAttributeValue(session, feature, &name, 1), CKR_OK);
            EXPECT_EQ(value, t.expected->name);
        }

        // Unknown to clients that do not ask for it, and read-only.
        ASSERT_EQ(module->p11->C_FindObjectsInit(session, nullptr, 0), CKR_OK);
        CK_OBJECT_HANDLE all[128];
        ASSERT_EQ(module->p11->C_FindObjects(session, all, 128, &count), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjectsFinal(session), CKR_OK);
        EXPECT_EQ(std::count(all, all + count, feature), 0);
        EXPECT_EQ(module->p11->C_DestroyObject(session, feature), CKR_ACTION_PROHIBITED);
        EXPECT_EQ(module->p11->C_SetAttributeValue(session, feature, interfaces, 1),
            CKR_ATTRIBUTE_READ_ONLY);
        EXPECT_EQ(module->p11->C_CloseSession(session), CKR_OK);
    }
}

TEST(Extension, CertificatesAndDataObjectsOnEveryModel)
{
    for (const Token& t : tokens()) {
        SCOPED_TRACE(t.model);
        CK_SESSION_HANDLE session;
        ASSERT_EQ(module->p11->C_OpenSession(
                      t.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, nullptr, nullptr, &session),
            CKR_OK);
        CK_UTF8CHAR pin[] = "12345678";
        ASSERT_EQ(module->p11->C_Login(session, CKU_USER, pin, 8), CKR_OK);
        const CK_ULONG freeBefore = extendedInfo(t.slot).ulFreeMemory;

        CK_OBJECT_CLASS dataClass = CKO_DATA, certClass = CKO_CERTIFICATE;
        CK_CERTIFICATE_TYPE x509 = CKC_X_509;
        CK_BBOOL yes = CK_TRUE;
        char label[] = "tokenbridge data", application[] = "extension test";
        std::vector<unsigned char> value(600, 0x5A); // over 255 bytes: extended APDUs
        CK_ATTRIBUTE data[] = { ulongAttribute(CKA_CLASS, dataClass), { CKA_TOKEN, &yes, 1 },
            { CKA_LABEL, label, sizeof label - 1 },
            { CKA_APPLICATION, application, sizeof application - 1 },
            { CKA_VALUE, value.data(), value.size() } };
        CK_OBJECT_HANDLE dataObject = 0, cert = 0;
        ASSERT_EQ(module->p11->C_CreateObject(session, data, 5, &dataObject), CKR_OK);
        unsigned char certValue[] = { 0x30, 0x03, 0x02, 0x01, 0x01 }, id[] = { 0x42 };
        CK_ATTRIBUTE certificate[] = { ulongAttribute(CKA_CLASS, certClass),
            ulongAttribute(CKA_CERTIFICATE_TYPE, x509), { CKA_VALUE, certValue, sizeof certValue },
            { CKA_ID, id, 1 } };
        ASSERT_EQ(module->p11->C_CreateObject(session, certificate, 4, &cert), CKR_OK);
        CK_ATTRIBUTE privateData[] = { ulongAttribute(CKA_CLASS, dataClass),
            { CKA_PRIVATE, &yes, 1 } };
        CK_OBJECT_HANDLE privateObject = 0;
        if (!t.expected->crypto) {
            EXPECT_EQ(module->p11->C_CreateObject(session, privateData, 2, &privateObject),
                CKR_ATTRIBUTE_VALUE_INVALID)
                << "the object files are readable without a PIN";
        } else {
            // The card keeps it behind the user PIN: there while logged in, gone after logout.
            ASSERT_EQ(module->p11->C_CreateObject(session, privateData, 2, &privateObject), CKR_OK);
            CK_BBOOL isPrivate = CK_FALSE;
            CK_ATTRIBUTE privateFlag = { CKA_PRIVATE, &isPrivate, 1 };
            ASSERT_EQ(
                module->p11->C_GetAttributeValue(session, privateObject, &privateFlag, 1), CKR_OK);
            EXPECT_EQ(isPrivate, CK_TRUE);
            ASSERT_EQ(module->p11->C_Logout(session), CKR_OK);
            EXPECT_EQ(module->p11->C_GetAttributeValue(session, privateObject, &privateFlag, 1),
                CKR_OBJECT_HANDLE_INVALID);
            ASSERT_EQ(module->p11->C_Login(session, CKU_USER, pin, 8), CKR_OK);
            ASSERT_EQ(module->p11->C_DestroyObject(session, privateObject), CKR_OK);
        }

        // Found by class, read back whole.
        CK_ATTRIBUTE byClass[] = { ulongAttribute(CKA_CLASS, dataClass) };
        ASSERT_EQ(module->p11->C_FindObjectsInit(session, byClass, 1), CKR_OK);
        CK_OBJECT_HANDLE found[8];
        CK_ULONG count = 0;
        ASSERT_EQ(module->p11->C_FindObjects(session, found, 8, &count), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjectsFinal(session), CKR_OK);
        ASSERT_EQ(count, 1u);
        EXPECT_EQ(found[0], dataObject);
        std::vector<unsigned char> readValue(value.size());
        char readApp[sizeof application - 1];
        CK_OBJECT_CLASS readClass = 0;
        CK_ATTRIBUTE read[] = { ulongAttribute(CKA_CLASS, readClass),
            { CKA_VALUE, readValue.data(), readValue.size() },
            { CKA_APPLICATION, readApp, sizeof readApp } };
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, dataObject, read, 3), CKR_OK);
        EXPECT_EQ(readClass, CKO_DATA);
        EXPECT_EQ(readValue, value);
        EXPECT_EQ(std::string(readApp, sizeof readApp), application);
        CK_ATTRIBUTE certId = { CKA_ID, nullptr, 0 };
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, cert, &certId, 1), CKR_OK);
        EXPECT_EQ(certId.ulValueLen, 1u);

        // On S and Lite the objects are files: the card's free memory shows them.
        const CK_ULONG freeWith = extendedInfo(t.slot).ulFreeMemory;
        EXPECT_EQ(freeWith < freeBefore, !t.expected->crypto) << freeBefore << " " << freeWith;

        char relabel[] = "renamed";
        CK_ATTRIBUTE newLabel[] = { { CKA_LABEL, relabel, sizeof relabel - 1 } };
        ASSERT_EQ(module->p11->C_SetAttributeValue(session, dataObject, newLabel, 1), CKR_OK);
        char readLabel[sizeof relabel - 1];
        CK_ATTRIBUTE labelNow = { CKA_LABEL, readLabel, sizeof readLabel };
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, dataObject, &labelNow, 1), CKR_OK);
        EXPECT_EQ(std::string(readLabel, sizeof readLabel), "renamed");
        ASSERT_EQ(module->p11->C_GetAttributeValue(session, dataObject, read, 3), CKR_OK);
        EXPECT_EQ(readValue, value) << "the value survives a relabel";

        ASSERT_EQ(module->p11->C_DestroyObject(session, dataObject), CKR_OK);
        ASSERT_EQ(module->p11->C_DestroyObject(session, cert), CKR_OK);
        CK_ATTRIBUTE gone = { CKA_CLASS, &readClass, sizeof readClass };
        EXPECT_EQ(module->p11->C_GetAttributeValue(session, dataObject, &gone, 1),
            CKR_OBJECT_HANDLE_INVALID);
        ASSERT_EQ(module->p11->C_FindObjectsInit(session, byClass, 1), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjects(session, found, 8, &count), CKR_OK);
        ASSERT_EQ(module->p11->C_FindObjectsFinal(session), CKR_OK);
        EXPECT_EQ(count, 0u);
        EXPECT_EQ(extendedInfo(t.slot).ulFreeMemory > freeWith, !t.expected->crypto)
            << "the object files are deleted";
        EXPECT_EQ(module->p11->C_Logout(session), CKR_OK);
        EXPECT_EQ(module->p11->C_CloseSession(session), CKR_OK);
    }
}
