/*
 * fuzz_xlsx.c: the XML of a workbook as the fuzzer writes it, in a valid zip
 * archive built here with libzip, so that every input reaches expat and the
 * sheet reader (a mutated archive mostly stops at its checksum). The input
 * is up to five parts separated by lines "@@": the shared strings, the
 * firms sheet, the streams sheet, xl/workbook.xml and its relationships;
 * the last two default to a workbook naming sheets firms and streams.
 */
#include <zip.h>

#include "fuzz_common.h"

static const char default_book[] =
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"firms\" sheetId=\"1\" r:id=\"rId1\"/>"
	"<sheet name=\"streams\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
static const char default_rels[] =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>";

static void add(zip_t *z, const char *name, const void *p, size_t n)
{
	zip_source_t *src = zip_source_buffer(z, p, n, 0);
	zip_int64_t i = src ? zip_file_add(z, name, src, ZIP_FL_OVERWRITE) : -1;
	if (i < 0) {
		zip_source_free(src);
		abort();
	}
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const symbi_kb *kb = fuzz_kb();
	static const char *const names[5] = {"xl/sharedStrings.xml", "xl/worksheets/sheet1.xml",
	                                     "xl/worksheets/sheet2.xml", "xl/workbook.xml",
	                                     "xl/_rels/workbook.xml.rels"};
	const uint8_t *part[5] = {0};
	size_t len[5] = {0}, nparts = 0;
	const uint8_t *p = data, *end = data + size;
	while (nparts < 5) {
		const uint8_t *sep = NULL;
		for (const uint8_t *q = p; q + 4 <= end; q++)
			if (memcmp(q, "\n@@\n", 4) == 0) {
				sep = q;
				break;
			}
		part[nparts] = p;
		len[nparts] = (size_t)((sep ? sep : end) - p);
		nparts++;
		if (!sep)
			break;
		p = sep + 4;
	}
	if (nparts < 4) {
		part[3] = (const uint8_t *)default_book;
		len[3] = sizeof default_book - 1;
	}
	if (nparts < 5) {
		part[4] = (const uint8_t *)default_rels;
		len[4] = sizeof default_rels - 1;
	}
	const char *path = fuzz_path("book.xlsx");
	int err;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!z)
		abort();
	for (int i = 0; i < 5; i++)
		add(z, names[i], part[i], len[i]);
	if (zip_close(z) != 0)
		abort();

	symbi_dataset *ds = NULL;
	symbi_diags *d = NULL;
	if (symbi_diags_new(&d, 50) || symbi_dataset_new(&ds, kb))
		abort();
	int rc = symbi_dataset_load_workbook(ds, path, NULL, d);
	FUZZ_ASSERT(rc == 0 || rc == SYMBI_EINPUT || rc == SYMBI_ENOMEM);
	fuzz_check_diags(d, rc);
	/* Every message of a sheet names the workbook. */
	for (size_t i = 0; i < symbi_diags_count(d); i++)
		FUZZ_ASSERT(strncmp(symbi_diags_get(d, i)->file, path, strlen(path)) == 0);
	if (rc == 0)
		fuzz_match(ds);
	symbi_dataset_free(ds);
	symbi_diags_free(d);
	return 0;
}
