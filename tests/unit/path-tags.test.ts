import { describe, expect, it } from 'vitest';
import { isPlaceholder, tagsFromPath, withPathTags } from '../../src/main/engine/library/path-tags';
import { NO_FILE_TAGS, type FileTags } from '../../src/main/engine/library/tags';

const ROOT = '/home/me/Music';

describe('tagsFromPath', () => {
  it('reads Artist/Album/NN - Title', () => {
    expect(tagsFromPath(`${ROOT}/Nina Simone/Pastel Blues/03 - Be My Husband.flac`, ROOT)).toEqual({
      title: 'Be My Husband',
      artist: 'Nina Simone',
      album: 'Pastel Blues',
      trackNo: 3,
    });
  });

  it('reads the album__track_name of game soundtracks, spaces for underscores', () => {
    expect(tagsFromPath(`${ROOT}/supertux/antarctic__arctic_breeze.ogg`, ROOT)).toEqual({
      title: 'arctic breeze',
      artist: null,
      album: 'antarctic',
      trackNo: null,
    });
    expect(tagsFromPath(`${ROOT}/singularity/A_New_Journey.ogg`, ROOT)).toMatchObject({
      title: 'A New Journey',
      album: 'singularity',
    });
  });

  it('skips disc folders, and takes "Artist - Title" when no folder names the artist', () => {
    expect(tagsFromPath(`${ROOT}/Bach/Cello Suites/CD2/07. Prelude.mp3`, ROOT)).toEqual({
      title: 'Prelude',
      artist: 'Bach',
      album: 'Cello Suites',
      trackNo: 7,
    });
    expect(tagsFromPath(`${ROOT}/Singles/Röyksopp - Eple.m4a`, ROOT)).toEqual({
      title: 'Eple',
      artist: 'Röyksopp',
      album: 'Singles',
      trackNo: null,
    });
  });

  it('says nothing from folders at or above the library folder', () => {
    expect(tagsFromPath(`${ROOT}/loose.mp3`, ROOT)).toEqual({
      title: 'loose',
      artist: null,
      album: null,
      trackNo: null,
    });
    expect(tagsFromPath('/elsewhere/x/y.mp3', null)).toMatchObject({ album: null, artist: null });
  });

  it('keeps a name that is only a number as the title', () => {
    expect(tagsFromPath(`${ROOT}/1999.mp3`, ROOT).title).toBe('1999');
  });
});

describe('placeholders', () => {
  it('treats what taggers write for "unknown" as missing, and real names not', () => {
    for (const value of [
      '<Unknown>',
      'Unknown Artist',
      '[unknown]',
      'unknown album',
      '',
      '  ',
      '-',
      '?',
    ]) {
      expect(isPlaceholder(value), value).toBe(true);
    }
    for (const value of ['Unknown Pleasures', 'The Unknown', 'Track', 'Untitled Love Song']) {
      expect(isPlaceholder(value), value).toBe(false);
    }
    expect(isPlaceholder('Track 03', 'title')).toBe(true);
    expect(isPlaceholder('14 - Track 14', 'title')).toBe(true);
    expect(isPlaceholder('Track 03')).toBe(false);
  });
});

describe('withPathTags', () => {
  const tags = (over: Partial<FileTags>): FileTags => ({ ...NO_FILE_TAGS, ...over });

  it('fills only what the file lacks and says what was inferred', () => {
    const path = `${ROOT}/Artist/Album/02 - Song.ogg`;
    expect(withPathTags(tags({ title: 'Real Title' }), path, ROOT)).toMatchObject({
      title: 'Real Title',
      artist: 'Artist',
      album: 'Album',
      trackNo: 2,
      inferred: ['artist', 'album', 'trackNo'],
    });
    const full = tags({ title: 'T', artist: 'A', album: 'B', trackNo: 9 });
    expect(withPathTags(full, path, ROOT)).toMatchObject({ ...full, inferred: [] });
  });

  it('drops placeholder tags before inferring', () => {
    const path = `${ROOT}/Someone/Record/01 - Opening.mp3`;
    const result = withPathTags(
      tags({ title: 'Track 01', artist: '<Unknown>', album: 'Unknown Album', genre: 'Unknown' }),
      path,
      ROOT,
    );
    expect(result).toMatchObject({
      title: 'Opening',
      artist: 'Someone',
      album: 'Record',
      genre: null,
      inferred: ['title', 'artist', 'album', 'trackNo'],
    });
  });
});
