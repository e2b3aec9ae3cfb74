/* Build-time tool: executes the registry SQL sources, in the order given,
 * into a fresh SQLite database file. Usage: cnsim-mkdb OUT.db A.sql B.sql ...
 * The database is written to OUT.db.tmp and renamed, so a failed build never
 * leaves a half-filled registry behind. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s OUT.db SQL...\n", argv[0]);
        return 2;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    remove(tmp);
    sqlite3 *db;
    if (sqlite3_open(tmp, &db) != SQLITE_OK) {
        fprintf(stderr, "cnsim-mkdb: cannot create %s\n", tmp);
        return 1;
    }
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (int i = 2; i < argc; i++) {
        char *sql = slurp(argv[i]);
        char *err = NULL;
        if (!sql) {
            fprintf(stderr, "cnsim-mkdb: cannot read %s\n", argv[i]);
            return 1;
        }
        if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
            fprintf(stderr, "cnsim-mkdb: %s: %s\n", argv[i], err);
            return 1;
        }
        free(sql);
    }
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "cnsim-mkdb: commit failed: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_close(db);
    if (rename(tmp, argv[1]) != 0) {
        perror("cnsim-mkdb: rename");
        return 1;
    }
    return 0;
}
